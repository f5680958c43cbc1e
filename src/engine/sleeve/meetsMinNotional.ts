/**
 * Whether an order of `quantity` (signed or not) at `price` may be sent under the venue's minimum
 * notional. Reduce-only orders are exempt, as on Binance (-4164 "unless reduce only"): an exit is never
 * refused for being small.
 */
export function meetsMinNotional(quantity: number, price: number, minNotional: number, reduceOnly: boolean): boolean {
  return reduceOnly || Math.abs(quantity) * price >= minNotional;
}
