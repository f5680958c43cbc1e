import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoTime } from './isoTime.ts';

test('formats every time exactly as Date#toISOString does', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const times = [0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_709_164_800_000, 253_402_300_799_999, 1.9, 1_500_000_000_000.7];
  for (let i = 0; i < 20_000; i++) times.push(Math.floor(random() * 4_102_444_800_000));
  // Whole minutes (the cached minute-of-day strings), over many days and every minute of a day.
  for (let i = 0; i < 20_000; i++) times.push(Math.floor(random() * 68_374_080) * 60_000);
  for (let minute = 0; minute < 1_440; minute++) times.push(1_700_006_400_000 + minute * 60_000);
  // Hourly bars across a day boundary, as a report's equity samples run.
  for (let i = 0; i < 100; i++) times.push(1_500_000_000_000 + i * 3_600_000);
  for (const timeMs of times) assert.equal(isoTime(timeMs), new Date(timeMs).toISOString(), String(timeMs));
});

test('formats times outside 1970–9999 through Date and throws on NaN as Date does', () => {
  for (const timeMs of [-1, -86_400_001, -62_198_755_200_000, 253_402_300_800_000]) assert.equal(isoTime(timeMs), new Date(timeMs).toISOString());
  assert.throws(() => isoTime(Number.NaN), RangeError);
});
