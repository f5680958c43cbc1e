import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReduceOnly } from './reduceOnly.ts';
import { intentOf } from '../riskFixtures.ts';

describe('checkReduceOnly', () => {
  const cases: Array<{ name: string; side: 'buy' | 'sell'; reduceOnly: boolean; position: number; quantity: number; expected: number | string }> = [
    { name: 'leaves an ordinary order alone', side: 'buy', reduceOnly: false, position: 0, quantity: 2, expected: 2 },
    { name: 'denies a reduce-only order when flat', side: 'sell', reduceOnly: true, position: 0, quantity: 1, expected: 'REDUCE_ONLY_WOULD_INCREASE' },
    { name: 'denies a reduce-only order that would increase the position', side: 'buy', reduceOnly: true, position: 1, quantity: 1, expected: 'REDUCE_ONLY_WOULD_INCREASE' },
    { name: 'denies a reduce-only sell that would grow a short', side: 'sell', reduceOnly: true, position: -1, quantity: 1, expected: 'REDUCE_ONLY_WOULD_INCREASE' },
    { name: 'admits a reduce-only close', side: 'sell', reduceOnly: true, position: 2, quantity: 2, expected: 2 },
    { name: 'clips a reduce-only order larger than the position', side: 'buy', reduceOnly: true, position: -2, quantity: 5, expected: 2 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const result = checkReduceOnly(intentOf({ side: c.side, reduceOnly: c.reduceOnly, quantity: c.quantity }), c.position);
      assert.equal(typeof result === 'number' ? result : result.code, c.expected, c.name);
    });
  }
});
