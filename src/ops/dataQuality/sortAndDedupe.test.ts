import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { mergeCandleSeries, sortAndDedupeCandles, sortAndDedupeFunding } from './sortAndDedupe.ts';

function series(times: number[], closes: number[]): CandleSeries {
  const f = (values: number[]) => Float64Array.from(values);
  return { symbol: 'X', timeframe: '1h', length: times.length, time: f(times), open: f(closes), high: f(closes), low: f(closes), close: f(closes), volume: f(closes) };
}

test('sorts by time and keeps the last of rows sharing a time', () => {
  const sorted = sortAndDedupeCandles(series([3, 1, 2, 1], [30, 10, 20, 11]));
  assert.deepEqual(Array.from(sorted.time), [1, 2, 3]);
  assert.deepEqual(Array.from(sorted.close), [11, 20, 30], 'the later row with time 1 wins');
  assert.equal(sorted.length, 3);
});

test('merging keeps old rows and lets the new download win on overlap', () => {
  const merged = mergeCandleSeries(series([1, 2, 3], [10, 20, 30]), series([3, 4], [31, 40]));
  assert.deepEqual(Array.from(merged.time), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(merged.close), [10, 20, 31, 40]);
});

test('funding rows are sorted and de-duplicated the same way', () => {
  const sorted = sortAndDedupeFunding({ symbol: 'X', length: 3, time: Float64Array.from([16, 8, 8]), rate: Float64Array.from([3, 1, 2]) });
  assert.deepEqual(Array.from(sorted.time), [8, 16]);
  assert.deepEqual(Array.from(sorted.rate), [2, 3]);
});
