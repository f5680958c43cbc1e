import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeframeToMs } from './timeframe.ts';

test('converts timeframes to milliseconds', () => {
  assert.equal(timeframeToMs('1m'), 60_000);
  assert.equal(timeframeToMs('8h'), 8 * 3_600_000);
  assert.equal(timeframeToMs('1d'), 86_400_000);
});

test('rejects a malformed timeframe with the value in the message', () => {
  assert.throws(() => timeframeToMs('1 hour'), /was "1 hour"/);
  assert.throws(() => timeframeToMs('0h'), /positive/);
});
