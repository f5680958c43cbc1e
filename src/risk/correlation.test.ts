import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trailingCorrelation } from './correlation.ts';

test('correlation of a series with a scaled copy is 1 and with its negation -1', () => {
  const a = [0.01, -0.02, 0.03, 0.005, -0.01];
  assert.ok(Math.abs(trailingCorrelation(a, a.map((x) => 3 * x), 10, 2) - 1) < 1e-12);
  assert.ok(Math.abs(trailingCorrelation(a, a.map((x) => -x), 10, 2) + 1) < 1e-12);
});

test('aligns series on their last element and reads only the window', () => {
  const a = [9, 9, 9, 1, 2, 3];
  const b = [1, 2, 3];
  assert.ok(Math.abs(trailingCorrelation(a, b, 3, 2) - 1) < 1e-12, 'the leading 9s are outside the window');
});

test('is NaN with too few samples or a constant series', () => {
  assert.ok(Number.isNaN(trailingCorrelation([1, 2], [1, 2], 10, 3)));
  assert.ok(Number.isNaN(trailingCorrelation([1, 1, 1], [1, 2, 3], 10, 2)));
});
