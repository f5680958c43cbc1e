/** Bars the gate's ATR averages over (Wilder's usual 14). */
export const ATR_PERIOD = 14;

/**
 * Average true range of the `period` bars ending at index `last` (inclusive), as a simple mean:
 * computed only when an order is checked, so the bar loop pays nothing for it. NaN with fewer
 * than two bars (the first bar has no previous close for a true range).
 */
export function trailingAtr(high: Float64Array, low: Float64Array, close: Float64Array, last: number, period: number = ATR_PERIOD): number {
  const first = Math.max(1, last - period + 1);
  if (last < 1 || first > last) return Number.NaN;
  let sum = 0;
  for (let i = first; i <= last; i++) {
    const previous = close[i - 1];
    const range = Math.max(high[i], previous) - Math.min(low[i], previous);
    sum += range;
  }
  return sum / (last - first + 1);
}
