import { decimalString } from './venueJson.ts';

/** Quantity the sim quotes at its best bid and ask (it has no resting liquidity of its own there). */
const QUOTED_QUANTITY = '10';

/**
 * The sim's best bid and ask: its price, widened on both sides by half the symbol's spread (0 unless
 * a test or rehearsal sets one with the `spread` control). Market orders still fill at the price.
 */
export function bookTickerJson(symbol: string, price: number, spread: number, timeMs: number, updateId: number): Record<string, unknown> {
  return { symbol, bidPrice: decimalString(price - spread / 2), bidQty: QUOTED_QUANTITY, askPrice: decimalString(price + spread / 2), askQty: QUOTED_QUANTITY, time: timeMs, lastUpdateId: updateId };
}

/** The same quote as a `<symbol>@bookTicker` stream event. */
export function bookTickerEvent(symbol: string, price: number, spread: number, timeMs: number, updateId: number): Record<string, unknown> {
  const quote = bookTickerJson(symbol, price, spread, timeMs, updateId);
  return { e: 'bookTicker', u: updateId, s: symbol, b: quote.bidPrice, B: quote.bidQty, a: quote.askPrice, A: quote.askQty, T: timeMs, E: timeMs };
}
