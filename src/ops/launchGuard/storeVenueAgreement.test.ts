import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeVenueAgreement } from './storeVenueAgreement.ts';

const book = (positions: Record<string, number>, orders: string[] = []) => ({ positions: new Map(Object.entries(positions)), openOrderIds: new Set(orders) });

test('agrees when positions and open orders match, a missing symbol reading as flat', () => {
  const verdict = storeVenueAgreement(book({ BTCUSDT: 0.01, ETHUSDT: 0 }, ['stop-1']), book({ BTCUSDT: 0.01 }, ['stop-1']), ['BTCUSDT', 'ETHUSDT']);
  assert.equal(verdict.ok, true, verdict.detail);
});

test('names an unreconciled position with both quantities', () => {
  const verdict = storeVenueAgreement(book({ BTCUSDT: 0.01 }), book({}), ['BTCUSDT']);
  assert.equal(verdict.ok, false);
  assert.match(verdict.detail, /position BTCUSDT: store 0\.01, venue 0/);
});

test('names an order open on one side only', () => {
  const verdict = storeVenueAgreement(book({}, ['a']), book({}, ['b']), []);
  assert.equal(verdict.ok, false);
  assert.match(verdict.detail, /order a open in the store, not at the venue; order b open at the venue, not in the store/);
});
