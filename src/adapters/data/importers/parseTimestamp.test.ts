import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeOfDay, parseTimestamp } from './parseTimestamp.ts';

const cases: Array<[text: string, expectedIso: string]> = [
  ['2017-11-04T23:02:00.000Z', '2017-11-04T23:02:00.000Z'],
  ['2021-11-18T00:00:00.017Z', '2021-11-18T00:00:00.017Z'],
  ['2017-04-19 09:00:00', '2017-04-19T09:00:00.000Z'],
  ['2017-04-19 09:00', '2017-04-19T09:00:00.000Z'],
  ['2006-01-02', '2006-01-02T00:00:00.000Z'],
  ['2006/01/02', '2006-01-02T00:00:00.000Z'],
  ['20060102', '2006-01-02T00:00:00.000Z'],
  ['2021-09-01 02:00:00+02:00', '2021-09-01T00:00:00.000Z'],
  ['2021-09-01T00:00:00-0130', '2021-09-01T01:30:00.000Z'],
  ['1509836520', '2017-11-04T23:02:00.000Z'],
  ['1509836520.5', '2017-11-04T23:02:00.500Z'],
  ['1509836520000', '2017-11-04T23:02:00.000Z'],
  ['1735689600000000', '2025-01-01T00:00:00.000Z'],
  ['1637193600017000000', '2021-11-18T00:00:00.017Z'],
];

for (const [text, expectedIso] of cases) {
  test(`reads ${text} as ${expectedIso}`, () => {
    assert.equal(new Date(parseTimestamp(text)).toISOString(), expectedIso);
  });
}

test('gives NaN for text that is no timestamp, and for impossible dates', () => {
  for (const text of ['', 'yesterday', '2021-02-30', '2021-13-01', '2021-01-01 25:00', 'NaN']) {
    assert.ok(Number.isNaN(parseTimestamp(text)), `"${text}" is unreadable`);
  }
});

test('reads a separate time-of-day column', () => {
  assert.equal(parseTimeOfDay('09:05:00'), (9 * 60 + 5) * 60_000);
  assert.equal(parseTimeOfDay('23:59'), (23 * 60 + 59) * 60_000);
  assert.ok(Number.isNaN(parseTimeOfDay('24:00:00')));
});
