import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE_CONTINUATION = 0x0;
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
/** RFC 6455 close code: a message too big to process. */
const CLOSE_MESSAGE_TOO_BIG = 1009;

/**
 * One websocket connection (RFC 6455): text frames out, frames in, pings answered with pongs. Server
 * side by default; with `maskOutgoing` it is the client end (RFC 6455 makes clients mask every frame).
 * Just enough for a venue simulator and its test clients; no extensions are negotiated.
 */
export class WebSocketConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;
  /** False makes the connection ignore pings, as a half-dead peer would (ccxt then times it out). */
  answerPings = true;
  onText: (text: string) => void = () => {};
  onClose: () => void = () => {};

  constructor(
    private readonly socket: Duplex,
    private readonly maskOutgoing = false,
    /** Longest message (all its fragments) read from the peer; a longer one closes the connection unread. */
    private readonly maxMessageBytes = Number.POSITIVE_INFINITY,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.markClosed());
    socket.on('error', () => this.markClosed());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  sendText(text: string): void {
    if (this.closed) return;
    this.socket.write(encodeFrame(OPCODE_TEXT, Buffer.from(text, 'utf8'), this.maskOutgoing));
  }

  /** Polite close: a close frame with a status code, then the socket ends. */
  close(code = 1000): void {
    if (this.closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.socket.write(encodeFrame(OPCODE_CLOSE, payload, this.maskOutgoing));
    this.socket.end();
    this.markClosed();
  }

  /** Abrupt loss: the TCP socket is destroyed without a close frame, as a network drop would. */
  drop(): void {
    this.socket.destroy();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const declared = declaredPayloadLength(this.buffered);
      const fragmentsBytes = this.fragments.reduce((sum, fragment) => sum + fragment.length, 0);
      if (declared !== undefined && declared + fragmentsBytes > this.maxMessageBytes) {
        // Refused from its header: the payload is never buffered.
        this.buffered = Buffer.alloc(0);
        this.fragments = [];
        const payload = Buffer.alloc(2);
        payload.writeUInt16BE(CLOSE_MESSAGE_TOO_BIG, 0);
        this.socket.write(encodeFrame(OPCODE_CLOSE, payload, this.maskOutgoing), () => this.socket.destroy());
        this.markClosed();
        return;
      }
      const frame = decodeFrame(this.buffered);
      if (frame === undefined) return;
      this.buffered = this.buffered.subarray(frame.frameLength);
      this.handleFrame(frame.fin, frame.opcode, frame.payload);
      if (this.closed) return;
    }
  }

  private handleFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === OPCODE_PING) {
      if (!this.answerPings) return;
      this.socket.write(encodeFrame(OPCODE_PONG, payload, this.maskOutgoing));
      return;
    }
    if (opcode === OPCODE_PONG) return;
    if (opcode === OPCODE_CLOSE) {
      this.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
      return;
    }
    if (opcode === OPCODE_TEXT || opcode === OPCODE_BINARY || opcode === OPCODE_CONTINUATION) {
      this.fragments.push(payload);
      if (!fin) return;
      const message = Buffer.concat(this.fragments).toString('utf8');
      this.fragments = [];
      this.onText(message);
    }
  }
}

/** Completes the HTTP upgrade handshake; returns undefined (and rejects) when it is not a websocket request. */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex, limits: { maxMessageBytes?: number } = {}): WebSocketConnection | undefined {
  const key = request.headers['sec-websocket-key'];
  if (typeof key !== 'string' || (request.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    rejectUpgrade(socket, 400, 'Bad Request');
    return undefined;
  }
  const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  return new WebSocketConnection(socket, false, limits.maxMessageBytes);
}

export function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function encodeFrame(opcode: number, unmasked: Buffer, masked: boolean): Buffer {
  const mask = masked ? randomBytes(4) : undefined;
  const payload = Buffer.from(unmasked);
  if (mask !== undefined) for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  const maskBit = mask === undefined ? 0 : 0x80;
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, maskBit | length]);
  } else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = maskBit | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat(mask === undefined ? [header, payload] : [header, mask, payload]);
}

/** The payload length a frame's header declares, once the header has arrived. */
function declaredPayloadLength(data: Buffer): number | undefined {
  if (data.length < 2) return undefined;
  const length = (data[1] as number) & 0x7f;
  if (length === 126) return data.length < 4 ? undefined : data.readUInt16BE(2);
  if (length === 127) return data.length < 10 ? undefined : Number(data.readBigUInt64BE(2));
  return length;
}

function decodeFrame(
  data: Buffer,
): { fin: boolean; opcode: number; payload: Buffer; frameLength: number } | undefined {
  if (data.length < 2) return undefined;
  const first = data[0] as number;
  const second = data[1] as number;
  const masked = (second & 0x80) !== 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLength = masked ? 4 : 0;
  if (data.length < offset + maskLength + length) return undefined;
  const payload = Buffer.from(data.subarray(offset + maskLength, offset + maskLength + length));
  if (masked) {
    const mask = data.subarray(offset, offset + 4);
    for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  }
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, frameLength: offset + maskLength + length };
}
