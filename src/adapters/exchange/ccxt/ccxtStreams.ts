import type { VenueOrder, VenueTrade } from '../../../domain/order/venueOrder.ts';
import type { CandleStreamHandlers, OrderStreamHandlers, Subscription, VenueCandle } from '../../../ports/exchangeGateway.ts';

const RECONNECT_DELAYS_MS = [250, 1_000, 2_000, 5_000, 10_000];

interface CandleStreamSource {
  /** Resolves with the bars ccxt has buffered since the last call (reconnects after a failure). */
  watch(): Promise<VenueCandle[]>;
  backfill(sinceMs: number): Promise<VenueCandle[]>;
  handlers: CandleStreamHandlers;
  sleep(ms: number): Promise<void>;
}

/**
 * Candle stream that survives disconnects: after a failure it waits, back-fills the bars since the
 * last one delivered over REST, then resumes the websocket. A bar counts as closed once a newer bar
 * has been seen, so each closed bar is delivered once.
 */
export function watchCandleStream(source: CandleStreamSource): Subscription {
  let closed = false;
  let lastClosedOpenMs = -Infinity;
  let forming: VenueCandle | undefined;
  const deliver = (candles: VenueCandle[]): void => {
    for (const candle of [...candles].sort((a, b) => a.openTimeMs - b.openTimeMs)) {
      if (candle.openTimeMs <= lastClosedOpenMs) continue;
      if (forming !== undefined && candle.openTimeMs > forming.openTimeMs) {
        lastClosedOpenMs = forming.openTimeMs;
        source.handlers.onCandle(forming, true);
      }
      forming = candle;
      source.handlers.onCandle(candle, false);
    }
  };
  const loop = async (): Promise<void> => {
    let failures = 0;
    let needsBackfill = false;
    while (!closed) {
      try {
        if (needsBackfill && Number.isFinite(lastClosedOpenMs)) deliver(await source.backfill(lastClosedOpenMs + 1));
        needsBackfill = false;
        const candles = await source.watch();
        if (closed) return;
        deliver(candles);
        failures = 0;
      } catch (error) {
        if (closed) return;
        source.handlers.onDisconnect?.(error instanceof Error ? error : new Error(String(error)));
        needsBackfill = true;
        await source.sleep(RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)]);
        failures += 1;
      }
    }
  };
  const running = loop();
  return {
    close: async () => {
      closed = true;
      // The pending watch resolves or fails when the client closes; the loop then ends.
      void running;
    },
  };
}

interface OrderStreamSource {
  watch(): Promise<VenueOrder[]>;
  backfill(sinceMs: number | undefined): Promise<{ orders: VenueOrder[]; trades: VenueTrade[] }>;
  handlers: OrderStreamHandlers;
  sleep(ms: number): Promise<void>;
  nowMs(): number;
}

/**
 * Order-update stream (Binance user data): after a disconnect or an expired listenKey it back-fills
 * open orders and the fills since the last event over REST, then resumes. Fills may arrive twice
 * (stream and back-fill): the caller dedupes by symbol + tradeId.
 */
export function watchOrderStream(source: OrderStreamSource): Subscription {
  let closed = false;
  let lastEventMs: number | undefined;
  const loop = async (): Promise<void> => {
    let failures = 0;
    let needsBackfill = false;
    while (!closed) {
      try {
        if (needsBackfill) {
          const { orders, trades } = await source.backfill(lastEventMs);
          for (const order of orders) source.handlers.onOrder(order);
          for (const trade of trades) source.handlers.onTrade?.(trade);
          needsBackfill = false;
        }
        const orders = await source.watch();
        if (closed) return;
        lastEventMs = source.nowMs();
        for (const order of orders) source.handlers.onOrder(order);
        failures = 0;
      } catch (error) {
        if (closed) return;
        source.handlers.onDisconnect?.(error instanceof Error ? error : new Error(String(error)));
        needsBackfill = true;
        await source.sleep(RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)]);
        failures += 1;
      }
    }
  };
  void loop();
  return {
    close: async () => {
      closed = true;
    },
  };
}
