import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dateTicks, formatDateTick } from './dateTicks.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describe('dateTicks', () => {
  test('puts ticks on whole hours inside a one-day range', () => {
    const minMs = Date.UTC(2024, 0, 1, 0, 17);
    const maxMs = minMs + DAY_MS;
    const { ticksMs, unit } = dateTicks(minMs, maxMs, 8);
    assert.equal(unit, 'minute', 'sub-day intervals need the time of day in the label');
    assert.ok(ticksMs.length >= 2 && ticksMs.length <= 8, `${ticksMs.length} ticks within the limit of 8`);
    for (const tickMs of ticksMs) {
      assert.equal(tickMs % HOUR_MS, 0, `${new Date(tickMs).toISOString()} is on a whole hour`);
      assert.ok(tickMs >= minMs && tickMs <= maxMs, 'ticks stay inside the range');
    }
  });

  test('uses UTC midnights and date labels for a 90-day run', () => {
    const minMs = Date.UTC(2024, 0, 1);
    const { ticksMs, unit } = dateTicks(minMs, minMs + 90 * DAY_MS, 9);
    assert.equal(unit, 'day');
    assert.ok(ticksMs.length >= 3 && ticksMs.length <= 9, `${ticksMs.length} ticks`);
    for (const tickMs of ticksMs) assert.equal(tickMs % DAY_MS, 0, 'each tick is a midnight');
    assert.match(formatDateTick(ticksMs[0], unit), /^\d{4}-\d{2}-\d{2}$/);
  });

  test('steps by calendar months or years over multi-year runs', () => {
    const minMs = Date.UTC(2019, 4, 17);
    const maxMs = Date.UTC(2024, 8, 2);
    const { ticksMs, unit } = dateTicks(minMs, maxMs, 8);
    assert.ok(unit === 'month' || unit === 'year', `unit was ${unit}`);
    assert.ok(ticksMs.length >= 2 && ticksMs.length <= 8, `${ticksMs.length} ticks`);
    for (const tickMs of ticksMs) {
      const date = new Date(tickMs);
      assert.equal(date.getUTCDate(), 1, 'ticks fall on the first of a month');
      assert.equal(date.getUTCHours(), 0);
    }
  });

  test('labels a range shorter than a minute at its start rather than leaving the axis bare', () => {
    const minMs = Date.UTC(2024, 0, 1, 12, 0, 10);
    const { ticksMs } = dateTicks(minMs, minMs + 20_000, 6);
    assert.deepEqual(ticksMs, [minMs]);
  });

  test('formats tick labels at the unit granularity in UTC', () => {
    const timeMs = Date.UTC(2024, 2, 5, 14, 30);
    assert.equal(formatDateTick(timeMs, 'minute'), '2024-03-05 14:30');
    assert.equal(formatDateTick(timeMs, 'day'), '2024-03-05');
    assert.equal(formatDateTick(timeMs, 'month'), '2024-03');
    assert.equal(formatDateTick(timeMs, 'year'), '2024');
  });
});
