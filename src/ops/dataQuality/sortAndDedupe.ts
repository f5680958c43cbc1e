import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';

/**
 * Row order that sorts by time and keeps, of rows sharing a time, the last one (a later row is the
 * venue's correction or the newer download). Rows without a valid time are dropped.
 */
function orderKeepingLast(time: Float64Array, length: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < length; i++) if (Number.isFinite(time[i])) order.push(i);
  order.sort((a, b) => time[a] - time[b] || b - a);
  return order.filter((row, k) => k === 0 || time[order[k - 1]] !== time[row]);
}

/** The series sorted by time with one row per time (the last of duplicates). Run after the checks. */
export function sortAndDedupeCandles(series: CandleSeries): CandleSeries {
  const order = orderKeepingLast(series.time, series.length);
  const sorted = allocateCandleSeries(series.symbol, series.timeframe, order.length);
  for (const column of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    const source = series[column];
    const target = sorted[column];
    for (let k = 0; k < order.length; k++) target[k] = source[order[k]];
  }
  return sorted;
}

/** The funding series sorted by time with one row per time (the last of duplicates). */
export function sortAndDedupeFunding(series: FundingSeries): FundingSeries {
  const order = orderKeepingLast(series.time, series.length);
  return {
    symbol: series.symbol,
    length: order.length,
    time: Float64Array.from(order, (row) => series.time[row]),
    rate: Float64Array.from(order, (row) => series.rate[row]),
  };
}

/** `existing` updated with `incoming`: the union of both, incoming rows winning on equal times. */
export function mergeCandleSeries(existing: CandleSeries | undefined, incoming: CandleSeries): CandleSeries {
  if (!existing || existing.length === 0) return sortAndDedupeCandles(incoming);
  const joined = allocateCandleSeries(incoming.symbol, incoming.timeframe, existing.length + incoming.length);
  for (const column of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    joined[column].set(existing[column].subarray(0, existing.length), 0);
    joined[column].set(incoming[column].subarray(0, incoming.length), existing.length);
  }
  return sortAndDedupeCandles(joined);
}

/** `existing` funding updated with `incoming`, incoming rows winning on equal times. */
export function mergeFundingSeries(existing: FundingSeries | undefined, incoming: FundingSeries): FundingSeries {
  if (!existing || existing.length === 0) return sortAndDedupeFunding(incoming);
  const time = new Float64Array(existing.length + incoming.length);
  const rate = new Float64Array(time.length);
  time.set(existing.time.subarray(0, existing.length), 0);
  time.set(incoming.time.subarray(0, incoming.length), existing.length);
  rate.set(existing.rate.subarray(0, existing.length), 0);
  rate.set(incoming.rate.subarray(0, incoming.length), existing.length);
  return sortAndDedupeFunding({ symbol: incoming.symbol, length: time.length, time, rate });
}
