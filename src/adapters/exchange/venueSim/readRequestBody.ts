import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the local venue accepts in one request body unless told otherwise: Binance's own requests are a few hundred bytes. */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body of at most `maxBytes`, then calls `onBody`. A larger body is refused with 413
 * as soon as it is known to be larger (from Content-Length, or when the running count crosses the
 * cap): reading stops and the connection is closed once the answer is written, so an oversized body
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
    res.writeHead(413, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), Connection: 'close' });
    // The rest of the body is never read: the socket goes once the answer is out.
    res.end(text, () => req.socket.destroy());
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
