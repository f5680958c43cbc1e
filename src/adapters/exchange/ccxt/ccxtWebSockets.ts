import type { Exchange } from 'ccxt';

interface CcxtWsClientLike {
  readonly url: string;
  readonly subscriptions?: Record<string, unknown>;
  readonly futures?: Record<string, unknown>;
  close(): unknown;
}

/**
 * Closes every ccxt websocket carrying `messageHash` (e.g. `ohlcv::BTC/USDT:USDT::1m`), so the next
 * watch call opens a new connection: the only cure for a socket that is open but silent.
 */
/** How long a websocket's close is waited for before the client is dropped anyway. */
const CLOSE_CONFIRMATION_MS = 2_000;

export async function closeWebSocketsCarrying(exchange: Exchange, messageHash: string): Promise<void> {
  const clients = Object.values((exchange as unknown as { clients?: Record<string, CcxtWsClientLike> }).clients ?? {});
  for (const client of clients) {
    const carries = messageHash in (client.subscriptions ?? {}) || messageHash in (client.futures ?? {});
    if (!carries) continue;
    // A socket that never opened (the venue unreachable) never confirms its close: forgotten after a bound.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.resolve(client.close()).catch(() => undefined), new Promise((done) => (timer = setTimeout(done, CLOSE_CONFIRMATION_MS)))]);
    clearTimeout(timer);
    delete (exchange as unknown as { clients: Record<string, unknown> }).clients[client.url];
  }
}

/**
 * Makes ccxt fetch a new listenKey on the next user-stream connect. ccxt reuses a cached key for
 * ~20 min and does not handle Binance's `listenKeyExpired` event, so after an expiry it would keep
 * dialling a dead key. Re-POSTing an active key is harmless: Binance returns the same key.
 */
export function forgetListenKey(exchange: Exchange): void {
  const options = exchange.options as Record<string, unknown>;
  for (const type of ['future', 'delivery', 'spot', 'margin']) {
    const bucket = options[type];
    if (bucket !== null && typeof bucket === 'object' && 'lastAuthenticatedTime' in bucket) {
      (bucket as Record<string, unknown>).lastAuthenticatedTime = 0;
    }
  }
}
