import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { largestPassing } from './largestPassing.ts';

describe('largestPassing', () => {
  const cases: Array<{ name: string; asked: number; limit: number; expected: number }> = [
    { name: 'keeps an order that fits', asked: 2, limit: 5, expected: 2 },
    { name: 'shrinks an order to the limit', asked: 10, limit: 3.7, expected: 3.7 },
    { name: 'gives 0 when nothing fits', asked: 10, limit: -1, expected: 0 },
  ];
  for (const { name, asked, limit, expected } of cases) {
    test(name, () => {
      const found = largestPassing(asked, (quantity) => quantity <= limit);
      assert.ok(Math.abs(found - expected) <= 1e-9 * asked, `expected about ${expected}, found ${found}`);
      assert.ok(found <= Math.max(limit, 0), 'the answer never passes the limit');
    });
  }
});
