import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { checkCandles, type CandleCheckOptions } from './checkCandles.ts';
import { checkFunding } from './checkFunding.ts';
import { hasHardFinding } from './dataFinding.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** Rows as [hour offset, open, high, low, close, volume]. */
type Row = [hours: number, open: number, high: number, low: number, close: number, volume: number];

function series(rows: Row[]): CandleSeries {
  const column = (k: number) => Float64Array.from(rows, (row) => (k === 0 ? T0 + row[0] * HOUR : row[k]));
  return { symbol: 'BTCUSDT', timeframe: '1h', length: rows.length, time: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}

const good: Row = [0, 100, 110, 90, 105, 1];
const at = (hours: number, row: Row = good): Row => [hours, row[1], row[2], row[3], row[4], row[5]];

interface Case {
  readonly name: string;
  readonly rows: Row[];
  readonly options?: CandleCheckOptions;
  /** Expected findings as `severity code time-in-hours index`. */
  readonly expected: string[];
}

const cases: Case[] = [
  { name: 'a clean hourly series has no findings', rows: [at(0), at(1), at(2)], expected: [] },
  { name: 'a repeated time is a hard duplicate at the second row', rows: [at(0), at(1), at(1), at(2)], expected: ['hard DUPLICATE 1 2'] },
  { name: 'a duplicate further down, after disorder, is still found', rows: [at(0), at(2), at(1), at(0)], expected: ['soft GAP 2 1', 'hard OUT_OF_ORDER 1 2', 'hard DUPLICATE 0 3'] },
  { name: 'a step back in time is hard out-of-order and opens no second gap', rows: [at(0), at(1), at(3), at(2), at(4)], expected: ['soft GAP 3 2', 'hard OUT_OF_ORDER 2 3'] },
  { name: 'a gap without --max-gap is soft', rows: [at(0), at(1), at(5)], expected: ['soft GAP 5 2'] },
  { name: 'a gap within --max-gap stays soft', rows: [at(0), at(3)], options: { maxGapMs: 3 * HOUR }, expected: ['soft GAP 3 1'] },
  { name: 'a gap wider than --max-gap is hard', rows: [at(0), at(4)], options: { maxGapMs: 3 * HOUR }, expected: ['hard GAP 4 1'] },
  { name: 'high below the close is an OHLC violation', rows: [at(0), at(1, [0, 100, 104, 90, 105, 1])], expected: ['hard OHLC_VIOLATION 1 1'] },
  { name: 'low above the open is an OHLC violation', rows: [at(0, [0, 100, 110, 101, 105, 1])], expected: ['hard OHLC_VIOLATION 0 0'] },
  { name: 'a NaN price is reported once for its row', rows: [at(0), at(1, [0, Number.NaN, 110, 90, 105, 1])], expected: ['hard NAN 1 1'] },
  { name: 'a zero price is non-positive', rows: [at(0, [0, 0, 110, 0, 105, 1])], expected: ['hard NON_POSITIVE_PRICE 0 0'] },
  { name: 'negative volume is hard', rows: [at(0, [0, 100, 110, 90, 105, -1])], expected: ['hard NEGATIVE_VOLUME 0 0'] },
  { name: 'zero volume is fine (mark candles have none)', rows: [at(0, [0, 100, 110, 90, 105, 0])], expected: [] },
  { name: 'the last bar older than --max-age is hard stale', rows: [at(0), at(1)], options: { maxAgeMs: 2 * HOUR, nowMs: T0 + 4 * HOUR }, expected: ['hard STALE 1 -1'] },
  { name: 'the last bar within --max-age is fresh', rows: [at(0), at(1)], options: { maxAgeMs: 2 * HOUR, nowMs: T0 + 3 * HOUR }, expected: [] },
  { name: 'a bar after the current time is hard', rows: [at(0), at(5)], options: { nowMs: T0 + 2 * HOUR, timeframeMs: undefined }, expected: ['hard FUTURE_BAR 5 1'] },
  { name: 'an empty series is hard', rows: [], expected: ['hard EMPTY - -1'] },
];

describe('checkCandles', () => {
  for (const { name, rows, options, expected } of cases) {
    test(name, () => {
      const findings = checkCandles(series(rows), { timeframeMs: HOUR, ...options });
      const actual = findings.map((f) => `${f.severity} ${f.code} ${f.time === '-' ? '-' : (Date.parse(f.time) - T0) / HOUR} ${f.index}`);
      assert.deepEqual(actual, expected);
      assert.equal(hasHardFinding(findings), expected.some((e) => e.startsWith('hard')), 'hard findings fail the check');
    });
  }

  test('names the timestamp of each finding as an ISO string and says what was found', () => {
    const [finding] = checkCandles(series([at(0), at(1, [0, 100, 104, 90, 105, 1])]), { timeframeMs: HOUR });
    assert.equal(finding.time, '2024-01-01T01:00:00.000Z');
    assert.match(finding.detail, /high 104/);
  });

  test('says how many bars a gap misses and since when', () => {
    const [finding] = checkCandles(series([at(0), at(5)]), { timeframeMs: HOUR, maxGapMs: 3 * HOUR });
    assert.equal(finding.detail, '5h since 2024-01-01T00:00:00.000Z (4 missing), more than --max-gap 3h');
  });
});

describe('checkFunding', () => {
  test('reports duplicate, gap and NaN rows of a funding series', () => {
    const time = Float64Array.from([0, 8, 8, 24], (h) => T0 + h * HOUR);
    const rate = Float64Array.from([1e-4, 1e-4, 1e-4, Number.NaN]);
    const findings = checkFunding({ symbol: 'BTCUSDT', length: 4, time, rate }, { intervalMs: 8 * HOUR });
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.code} ${f.index}`), ['hard DUPLICATE 2', 'soft GAP 3', 'hard NAN 3']);
  });
});
