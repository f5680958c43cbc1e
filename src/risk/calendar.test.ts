import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeekIndex, isoWeekStartMs, utcDayIndex } from './calendar.ts';

describe('calendar', () => {
  test('ISO weeks start on Monday 00:00 UTC', () => {
    const sunday = utcDayIndex(Date.UTC(2024, 0, 7, 23, 59));
    const monday = utcDayIndex(Date.UTC(2024, 0, 8, 0, 0));
    assert.equal(isoWeekIndex(monday), isoWeekIndex(sunday) + 1, 'Sunday and the next Monday are in consecutive weeks');
    assert.equal(isoWeekStartMs(isoWeekIndex(monday)), Date.UTC(2024, 0, 8), 'the week starts on that Monday');
    assert.equal(isoWeekStartMs(isoWeekIndex(utcDayIndex(Date.UTC(2024, 0, 10, 15)))), Date.UTC(2024, 0, 8), 'a Wednesday maps to its Monday');
  });

  test('works before 1970', () => {
    assert.equal(isoWeekStartMs(isoWeekIndex(utcDayIndex(Date.UTC(1969, 11, 31, 12)))), Date.UTC(1969, 11, 29), 'Wed 1969-12-31 is in the week of Mon 12-29');
  });
});
