import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataCoverage } from './dataCoverage.ts';

const HOUR_MS = 3_600_000;
const NOW_MS = 1_000 * HOUR_MS;

function hourly(fromHour: number, toHour: number, skip: readonly number[] = []): number[] {
  const times: number[] = [];
  for (let hour = fromHour; hour < toHour; hour++) if (!skip.includes(hour)) times.push(hour * HOUR_MS);
  return times;
}

test('complete hourly bars: the last closed bar closes at now and there is no gap', () => {
  assert.deepEqual(dataCoverage(hourly(900, 1000), HOUR_MS, NOW_MS, 48 * HOUR_MS), { lastBarCloseMs: NOW_MS, largestGapMs: 0 });
});

test('four missing bars are a 4 h gap; a bar still open is not counted', () => {
  const coverage = dataCoverage([...hourly(900, 1001, [990, 991, 992, 993])], HOUR_MS, NOW_MS + HOUR_MS / 2, 48 * HOUR_MS);
  assert.equal(coverage.largestGapMs, 4 * HOUR_MS);
  assert.equal(coverage.lastBarCloseMs, NOW_MS, 'the bar opened at now is still open');
});

test('history that starts inside the lookback is a gap from the lookback start', () => {
  assert.equal(dataCoverage(hourly(990, 1000), HOUR_MS, NOW_MS, 30 * HOUR_MS).largestGapMs, 20 * HOUR_MS);
});

test('no bars at all measures nothing (the checks fail it)', () => {
  assert.deepEqual(dataCoverage([], HOUR_MS, NOW_MS, 30 * HOUR_MS), { lastBarCloseMs: undefined, largestGapMs: undefined });
});
