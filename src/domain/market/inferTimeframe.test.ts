import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimeframe, medianStepMs } from './inferTimeframe.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('medianStepMs', () => {
  test('daily stock bars with weekends and a holiday are 1d apart', () => {
    const times: number[] = [];
    // Four weeks of weekdays, one Wednesday missing.
    for (let day = 0; day < 28; day++) if (day % 7 < 5 && day !== 9) times.push(day * DAY);
    assert.equal(medianStepMs(times), DAY);
  });

  test('hourly bars of a 7-hour session with overnight gaps are 1h apart', () => {
    const times: number[] = [];
    for (let day = 0; day < 10; day++) for (let hour = 0; hour < 7; hour++) times.push(day * DAY + (9 + hour) * HOUR);
    assert.equal(medianStepMs(times), HOUR);
  });

  test('fewer than two bars has no step', () => {
    assert.ok(Number.isNaN(medianStepMs([5])));
  });
});

describe('formatTimeframe', () => {
  test('names a step in its largest whole unit', () => {
    assert.deepEqual([60_000, 8 * 60_000, HOUR, 4 * HOUR, DAY, 7 * DAY, 90_000].map(formatTimeframe), ['1m', '8m', '1h', '4h', '1d', '1w', '90s']);
  });
});
