import { Decimal } from 'decimal.js';
import type { VenueOrder, VenueTrade } from '../../../domain/order/venueOrder.ts';
import type { CandleStreamHandlers, OrderStreamHandlers, Subscription, VenueCandle } from '../../../ports/exchangeGateway.ts';

const RECONNECT_DELAYS_MS = [250, 1_000, 2_000, 5_000, 10_000];
/** Back-fills reach this far before the last event, so a fill stamped just before it is not missed. */
const BACKFILL_MARGIN_MS = 5_000;

/** The fill carried by a Binance ORDER_TRADE_UPDATE (ccxt keeps the raw `o` object in `info`); undefined for other updates. */
export function tradeOfOrderUpdate(order: VenueOrder, info: Record<string, unknown> | undefined): VenueTrade | undefined {
  if (info === undefined || info.x !== 'TRADE') return undefined;
  const tradeId = info.t === undefined ? '' : String(info.t);
  const quantity = decimalOrUndefined(info.l);
  const price = decimalOrUndefined(info.L);
  if (tradeId === '' || tradeId === '0' || quantity === undefined || price === undefined || quantity.lte(0)) return undefined;
  return {
    tradeId,
    venueOrderId: order.venueOrderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    quantity,
    price,
    fee: decimalOrUndefined(info.n) ?? new Decimal(0),
    feeCurrency: typeof info.N === 'string' ? info.N : undefined,
    timeMs: Number(info.T ?? order.updateTimeMs ?? 0),
  };
}

function decimalOrUndefined(value: unknown): Decimal | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    const decimal = new Decimal(String(value));
    return decimal.isFinite() ? decimal : undefined;
  } catch {
    return undefined;
  }
}

interface CandleStreamSource {
  /** Resolves with the bars ccxt has buffered since the last call (reconnects after a failure). */
  watch(): Promise<VenueCandle[]>;
  backfill(sinceMs: number): Promise<VenueCandle[]>;
  handlers: CandleStreamHandlers;
  sleep(ms: number): Promise<void>;
  /** Tears the websocket down so a later subscription opens a fresh connection (a silent feed stays dead otherwise). */
  stop?(): Promise<void>;
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
      // Closing the socket fails the pending watch, which ends the loop.
      await source.stop?.().catch(() => undefined);
      void running;
    },
  };
}

interface OrderStreamSource {
  /** Order updates since the last call, with the fills they reported (Binance ORDER_TRADE_UPDATE x=TRADE). */
  watch(): Promise<{ orders: VenueOrder[]; trades: VenueTrade[] }>;
  backfill(sinceMs: number | undefined): Promise<{ orders: VenueOrder[]; trades: VenueTrade[] }>;
  handlers: OrderStreamHandlers;
  sleep(ms: number): Promise<void>;
  /** Called after a stream failure, before reconnecting (drops a cached listenKey that may have expired). */
  onFailure?(): void;
}

/**
 * Order-update stream (Binance user data): after a disconnect or an expired listenKey it back-fills
 * open orders and the fills since the last event over REST, then resumes. Fills from the stream and
 * from the back-fill both go to onTrade and may repeat: the caller dedupes by symbol + tradeId.
 * The back-fill starts a margin before the last event time the venue reported, since the venue's
 * clock, not ours, stamps the trades.
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
          const { orders, trades } = await source.backfill(lastEventMs === undefined ? undefined : lastEventMs - BACKFILL_MARGIN_MS);
          for (const order of orders) source.handlers.onOrder(order);
          for (const trade of trades) source.handlers.onTrade?.(trade);
          needsBackfill = false;
        }
        const { orders, trades } = await source.watch();
        if (closed) return;
        for (const order of orders) {
          if (order.updateTimeMs !== undefined) lastEventMs = Math.max(lastEventMs ?? 0, order.updateTimeMs);
          source.handlers.onOrder(order);
        }
        for (const trade of trades) source.handlers.onTrade?.(trade);
        failures = 0;
      } catch (error) {
        if (closed) return;
        source.handlers.onDisconnect?.(error instanceof Error ? error : new Error(String(error)));
        needsBackfill = true;
        source.onFailure?.();
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
