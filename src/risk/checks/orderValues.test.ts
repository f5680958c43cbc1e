import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOrderValues } from './orderValues.ts';
import { intentOf } from '../riskFixtures.ts';

describe('checkOrderValues', () => {
  const cases = [
    { name: 'passes a positive finite quantity and price', quantity: 1, price: 100, code: undefined },
    { name: 'denies a zero quantity', quantity: 0, price: 100, code: 'INVALID_ORDER' },
    { name: 'denies a negative quantity', quantity: -1, price: 100, code: 'INVALID_ORDER' },
    { name: 'denies a NaN quantity', quantity: Number.NaN, price: 100, code: 'INVALID_ORDER' },
    { name: 'denies an infinite quantity', quantity: Number.POSITIVE_INFINITY, price: 100, code: 'INVALID_ORDER' },
    { name: 'denies a NaN price', quantity: 1, price: Number.NaN, code: 'INVALID_ORDER' },
    { name: 'denies a zero price', quantity: 1, price: 0, code: 'INVALID_ORDER' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(checkOrderValues(intentOf({ quantity: c.quantity, price: c.price }))?.code, c.code, c.name);
    });
  }
});
