import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMaxOrderSize } from './maxOrderSize.ts';

describe('checkMaxOrderSize (fat finger)', () => {
  const cases = [
    { name: 'passes an order within both limits', quantity: 1, price: 100, maxQuantity: 10, maxNotional: 1_000, code: undefined },
    { name: 'passes an order exactly at the notional limit', quantity: 10, price: 100, maxQuantity: undefined, maxNotional: 1_000, code: undefined },
    { name: 'denies a quantity 1000 times too large', quantity: 1_000, price: 1, maxQuantity: 10, maxNotional: 1e9, code: 'QUANTITY_EXCEEDS_MAX_PER_ORDER' },
    { name: 'denies a notional above the maximum', quantity: 11, price: 100, maxQuantity: undefined, maxNotional: 1_000, code: 'NOTIONAL_EXCEEDS_MAX_PER_ORDER' },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkMaxOrderSize(c.quantity, c.price, c.maxQuantity, c.maxNotional)?.code, c.code, c.name));
  }

  test('reports the notional that broke the limit', () => {
    assert.deepEqual(checkMaxOrderSize(3, 500, undefined, 1_000), { code: 'NOTIONAL_EXCEEDS_MAX_PER_ORDER', maxNotional: 1_000, notional: 1_500 });
  });
});
