import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPriceCollar } from './priceCollar.ts';
import { marketOf } from '../riskFixtures.ts';

describe('checkPriceCollar', () => {
  const t = 1_000_000;
  const cases = [
    { name: 'passes a price at the mark', price: 100, market: marketOf({ markPrice: 100, markTimeMs: t }), code: undefined },
    { name: 'passes a price 4.9% from the mark', price: 104.9, market: marketOf({ markPrice: 100, markTimeMs: t }), code: undefined },
    { name: 'denies a price 6% above the mark', price: 106, market: marketOf({ markPrice: 100, markTimeMs: t }), code: 'PRICE_OUTSIDE_COLLAR' },
    { name: 'denies a price 6% below the mark', price: 94, market: marketOf({ markPrice: 100, markTimeMs: t }), code: 'PRICE_OUTSIDE_COLLAR' },
    { name: 'fails closed when the mark is missing', price: 100, market: undefined, code: 'MARK_PRICE_UNAVAILABLE' },
    { name: 'fails closed when the mark is NaN', price: 100, market: marketOf({ markPrice: Number.NaN, markTimeMs: t }), code: 'MARK_PRICE_UNAVAILABLE' },
    { name: 'fails closed when the mark is zero', price: 100, market: marketOf({ markPrice: 0, markTimeMs: t }), code: 'MARK_PRICE_UNAVAILABLE' },
    { name: 'fails closed when the mark is infinite', price: 100, market: marketOf({ markPrice: Number.POSITIVE_INFINITY, markTimeMs: t }), code: 'MARK_PRICE_UNAVAILABLE' },
    { name: 'fails closed when the mark is stale', price: 100, market: marketOf({ markPrice: 100, markTimeMs: t - 60_001 }), code: 'MARK_PRICE_STALE' },
    { name: 'fails closed when the mark time is unknown', price: 100, market: marketOf({ markPrice: 100, markTimeMs: Number.NaN }), code: 'MARK_PRICE_STALE' },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkPriceCollar('BTCUSDT', c.price, t, c.market, 5, 60_000)?.code, c.code, c.name));
  }
});
