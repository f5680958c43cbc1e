import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meetsMinNotional } from './meetsMinNotional.ts';

test('an order at or above the minimum notional passes, below it does not', () => {
  assert.equal(meetsMinNotional(0.05, 100, 5, false), true, '0.05 × 100 = 5, at the minimum');
  assert.equal(meetsMinNotional(-0.049, 100, 5, false), false, '4.9 < 5, whatever the side');
  assert.equal(meetsMinNotional(1, 100, 0, false), true);
});

test('a reduce-only order is exempt from the minimum', () => {
  assert.equal(meetsMinNotional(0.001, 100, 5, true), true);
});

test('an unknown price fails the check (fail closed)', () => {
  assert.equal(meetsMinNotional(1, Number.NaN, 5, false), false);
});
