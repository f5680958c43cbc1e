import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { trailingAtr } from './trailingAtr.ts';

describe('trailingAtr', () => {
  const high = Float64Array.from([11, 12, 15, 13]);
  const low = Float64Array.from([9, 10, 11, 8]);
  const close = Float64Array.from([10, 11, 14, 9]);

  test('averages true ranges, which include gaps from the previous close', () => {
    // Bar 2: max(15, 11) - min(11, 11) = 4; bar 3: max(13, 14) - min(8, 14) = 6.
    assert.equal(trailingAtr(high, low, close, 3, 2), 5);
  });

  test('uses only the bars available at the start of the data', () => {
    // Bar 1: max(12, 10) - min(10, 10) = 2.
    assert.equal(trailingAtr(high, low, close, 1, 14), 2);
  });

  test('is unknown before a second bar', () => {
    assert.ok(Number.isNaN(trailingAtr(high, low, close, 0, 14)), 'one bar has no true range');
    assert.ok(Number.isNaN(trailingAtr(high, low, close, -1, 14)), 'no bar at all');
  });
});
