import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the local venue accepts in one request body unless told otherwise: Binance's own requests are a few hundred bytes. */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;

const REFUSED_SOCKET_LINGER_MS = 1_000;

/**
 * Reads a request body of at most `maxBytes`, then calls `onBody`. A larger body is refused with 413
 * as soon as it is known to be larger (from Content-Length, or when the running count crosses the
 * cap): reading stops and the connection is closed shortly after the answer, so an oversized body
 * is never held in memory and nothing after it (signature check, handler) runs.
 */
export function readRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
  onBody: (body: string) => void,
  onRefused: () => void = () => {},
): void {
  const refuse = (): void => {
    req.removeAllListeners('data');
    req.removeAllListeners('end');
    req.pause();
    onRefused();
    const text = JSON.stringify({ msg: `Request body larger than ${maxBytes} bytes.` });
    res.writeHead(413, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
    // Closing at once would reset the connection while the client is still sending, and a reset can
    // destroy the 413 before the client reads it (RFC 9112 §9.6): for a moment after the answer what
    // still arrives is dropped unread (Node discards an unread body), then the socket goes.
    res.end(text, () => {
      const linger = setTimeout(() => req.socket.destroy(), REFUSED_SOCKET_LINGER_MS);
      linger.unref();
      req.socket.once('close', () => clearTimeout(linger));
    });
  };
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) return refuse();
  const chunks: Buffer[] = [];
  let receivedBytes = 0;
  req.on('data', (chunk: Buffer) => {
    receivedBytes += chunk.length;
    if (receivedBytes > maxBytes) {
      chunks.length = 0;
      refuse();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => onBody(Buffer.concat(chunks).toString('utf8')));
}
