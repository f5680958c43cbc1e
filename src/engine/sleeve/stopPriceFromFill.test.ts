import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopPriceFromFill } from './stopPriceFromFill.ts';

test('a long is stopped the distance below its fill, a short the distance above', () => {
  assert.equal(stopPriceFromFill(100.5, 1, 2.5), 98);
  assert.equal(stopPriceFromFill(100.5, -1, 2.5), 103);
});

test('a signal without a positive distance sets no stop', () => {
  assert.ok(Number.isNaN(stopPriceFromFill(100, 1, Number.NaN)));
  assert.ok(Number.isNaN(stopPriceFromFill(100, 1, 0)));
  assert.ok(Number.isNaN(stopPriceFromFill(100, -1, -1)));
});
