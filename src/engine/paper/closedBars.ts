import { sliceCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';

/** The leading bars of `series` that had closed by `nowMs` (open time + barMs ≤ nowMs); a view, no copy. */
export function closedBars(series: CandleSeries, barMs: number, nowMs: number): CandleSeries {
  const end = upperBound(series.time, nowMs - barMs);
  return end === series.length ? series : sliceCandleSeries(series, 0, end);
}

/** The last `count` bars of `series` closed by `nowMs` (fewer when it holds fewer); a view, no copy. */
export function recentClosedBars(series: CandleSeries, barMs: number, nowMs: number, count: number): CandleSeries {
  const end = upperBound(series.time, nowMs - barMs);
  const start = Math.max(0, end - Math.max(0, Math.floor(count)));
  return start === 0 && end === series.length ? series : sliceCandleSeries(series, start, end);
}

/** Funding rates whose time is at most `nowMs`. */
export function settledFunding(series: FundingSeries, nowMs: number): FundingSeries {
  const end = upperBound(series.time, nowMs);
  if (end === series.length) return series;
  return { symbol: series.symbol, length: end, time: series.time.subarray(0, end), rate: series.rate.subarray(0, end) };
}

/** Number of leading values ≤ limit in an increasing array. */
function upperBound(values: Float64Array, limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
