import type { CandleStreamHandlers, ExchangeGateway, OrderStreamHandlers } from '../../ports/exchangeGateway.ts';
import type { ExchangeHealth } from './exchangeHealth.ts';
import { classifyRequestError } from './requestOutcome.ts';

/** Methods that ask nothing of the venue (cached or local): not timed, not counted. */
const LOCAL = new Set<PropertyKey>(['marketFilters', 'setReferencePrice', 'markReconciled', 'close', 'watchCandles', 'watchOrders']);

/**
 * The gateway with every venue request's outcome fed to `health`: its latency (from `nowMs`), its
 * error class, the clock offset of each sync, and stream drops and recoveries. Answers and failures
 * pass through unchanged: this only watches.
 */
export function healthRecordingGateway(gateway: ExchangeGateway, health: ExchangeHealth, nowMs: () => number): ExchangeGateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'watchCandles') {
        return (symbol: string, timeframe: string, handlers: CandleStreamHandlers) =>
          target.watchCandles(symbol, timeframe, {
            onCandle: (candle, closed) => {
              health.onStream(true);
              handlers.onCandle(candle, closed);
            },
            onDisconnect: (error) => {
              health.onStream(false);
              handlers.onDisconnect?.(error);
            },
          });
      }
      if (property === 'watchOrders') {
        return (symbols: ReadonlyArray<string>, handlers: OrderStreamHandlers) =>
          target.watchOrders(symbols, {
            ...handlers,
            onDisconnect: (error) => {
              health.onStream(false);
              handlers.onDisconnect?.(error);
            },
          });
      }
      if (LOCAL.has(property)) return (value as (...args: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]): Promise<unknown> => {
        const startedMs = nowMs();
        try {
          const answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          // A submission whose outcome is unknown (5xx, timeout) answered, but not as a healthy venue does.
          const unknown = property === 'placeOrder' && (answer as { status?: string }).status === 'UNKNOWN';
          const errorClass = unknown ? classifyRequestError((answer as { cause: Error }).cause) : undefined;
          health.onRequest({ atMs: nowMs(), channel: 'rest', latencyMs: nowMs() - startedMs, ...(errorClass ? { errorClass } : {}) });
          if (property === 'syncClock') health.onClockOffset((answer as { offsetMs: number }).offsetMs);
          return answer;
        } catch (error) {
          health.onRequest({ atMs: nowMs(), channel: 'rest', latencyMs: nowMs() - startedMs, errorClass: classifyRequestError(error) });
          throw error;
        }
      };
    },
  });
}
