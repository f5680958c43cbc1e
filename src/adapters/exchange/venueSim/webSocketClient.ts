import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { WebSocketConnection } from './webSocketServer.ts';

/**
 * A plain ws:// client for the venue simulator (Node 20 has no WebSocket global): text messages as
 * an async iterator, ending when the connection closes. For tests and rehearsals that need the raw
 * venue frames rather than what ccxt makes of them.
 */
export class WebSocketClient {
  private readonly queued: string[] = [];
  private waiting: ((result: IteratorResult<string>) => void) | undefined;
  private ended = false;

  constructor(private readonly connection: WebSocketConnection) {
    connection.onText = (text) => {
      if (this.waiting === undefined) {
        this.queued.push(text);
        return;
      }
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: text, done: false });
    };
    connection.onClose = () => {
      this.ended = true;
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve?.({ value: undefined, done: true });
    };
  }

  send(text: string): void {
    this.connection.sendText(text);
  }

  close(): void {
    this.connection.close(1000);
  }

  /** Every text message received, in order; a message arriving before anyone reads it is kept. */
  messages(): AsyncIterableIterator<string> {
    const next = (): Promise<IteratorResult<string>> => {
      const value = this.queued.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (this.ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        this.waiting = resolve;
      });
    };
    const iterator: AsyncIterableIterator<string> = {
      next,
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

/** Opens a ws:// connection (e.g. `${sim.wsUrl}/btcusdt@depth@100ms`). */
export function connectWebSocket(url: string, timeoutMs = 5_000): Promise<WebSocketClient> {
  const target = new URL(url);
  if (target.protocol !== 'ws:') throw new Error(`only ws:// URLs are supported, got ${url}`);
  return new Promise((resolve, reject) => {
    const upgrade = request({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port,
      path: target.pathname + target.search,
      timeout: timeoutMs,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    upgrade.on('upgrade', (_response, socket, head) => {
      // The upgrade timeout must not cut an idle but healthy stream later.
      socket.setTimeout(0);
      // Frames the server sent right behind its handshake belong to the connection.
      if (head.length > 0) socket.unshift(head);
      resolve(new WebSocketClient(new WebSocketConnection(socket, true)));
    });
    upgrade.on('response', (response) => {
      response.resume();
      reject(new Error(`websocket upgrade to ${url} refused with HTTP ${response.statusCode ?? '?'}`));
    });
    upgrade.on('timeout', () => upgrade.destroy(new Error(`websocket upgrade to ${url} timed out after ${timeoutMs} ms`)));
    upgrade.on('error', reject);
    upgrade.end();
  });
}
