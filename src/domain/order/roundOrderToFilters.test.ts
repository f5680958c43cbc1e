import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import type { MarketFilters } from './marketFilters.ts';
import { roundOrderToFilters } from './roundOrderToFilters.ts';
import type { OrderRequest } from './venueOrder.ts';

const filters: MarketFilters = { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', lotStep: new Decimal('0.1'), tickSize: new Decimal('0.1'), minQuantity: new Decimal('0.1'), maxQuantity: new Decimal('1000'), minNotional: new Decimal('5') };
const order = (quantity: string, extra: Partial<OrderRequest> = {}): OrderRequest => ({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal(quantity), reduceOnly: false, clientOrderId: 'rp-t', ...extra });

describe('roundOrderToFilters', () => {
  test('floors 0.3 to 0.3 and 4.35 to 4.3 with decimal arithmetic (float flooring gives 0.2)', () => {
    const a = roundOrderToFilters(order('0.3'), filters, new Decimal(100));
    const b = roundOrderToFilters(order('4.35'), filters, new Decimal(100));
    assert.equal(a.ok && a.quantity.toString(), '0.3');
    assert.equal(b.ok && b.quantity.toString(), '4.3');
  });
  test('denies an amount below the minimum instead of enlarging it', () => {
    const result = roundOrderToFilters(order('0.09'), filters, new Decimal(100));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'BELOW_MIN_QUANTITY');
  });
  test('denies a notional below MIN_NOTIONAL at the reference price', () => {
    const result = roundOrderToFilters(order('0.4'), filters, new Decimal(10));
    assert.equal(!result.ok && result.reason, 'BELOW_MIN_NOTIONAL', '0.4 × 10 = 4 < 5');
  });
  test('exempts reduce-only orders from MIN_NOTIONAL, as Binance does', () => {
    assert.equal(roundOrderToFilters(order('0.4', { reduceOnly: true }), filters, new Decimal(10)).ok, true);
  });
  test('fails closed without a reference price for a market order', () => {
    assert.equal(roundOrderToFilters(order('1'), filters, undefined).ok, false);
  });
  test('rounds limit and stop prices to the tick', () => {
    const result = roundOrderToFilters(order('1', { type: 'LIMIT', price: new Decimal('100.06') }), filters, undefined);
    assert.equal(result.ok && result.price?.toString(), '100.1');
  });
});
