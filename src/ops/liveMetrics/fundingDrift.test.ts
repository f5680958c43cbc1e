import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fundingDriftRatio } from './fundingDrift.ts';
import type { MetricFill } from './roundTrips.ts';

const fill = (side: 'BUY' | 'SELL', quantity: number, price: number, atMs: number): MetricFill => ({ sleeve: 'S', symbol: 'BTCUSDT', side, quantity, price, fee: 0, atMs });

test('compares what was paid with the assumed rate on the position held just before each payment', () => {
  const fills = [fill('SELL', 2, 100, 0), fill('BUY', 1, 90, 10)];
  // Before t=5: short 2 at 100 → modelled −0.02 (a short receives); before t=20: short 1 at 90 → −0.009.
  const ratio = fundingDriftRatio([{ atMs: 5, amount: -0.03, symbol: 'BTCUSDT' }, { atMs: 20, amount: 0.01, symbol: 'BTCUSDT' }], fills, 0.0001);
  assert.ok(Math.abs(ratio - -0.02 / 0.029) < 1e-12, `received 0.02 net against 0.029 modelled: ${ratio}`);
});

test('a fill at the payment time is not yet held, and another symbol does not count', () => {
  const fills = [fill('BUY', 1, 100, 5), { ...fill('BUY', 5, 10, 0), symbol: 'ETHUSDT' }];
  assert.equal(fundingDriftRatio([{ atMs: 5, amount: 0.01, symbol: 'BTCUSDT' }], fills, 0.0001), Number.POSITIVE_INFINITY, 'paid with no modelled position: drift without bound');
  assert.equal(fundingDriftRatio([], fills, 0.0001), 0, 'nothing paid, nothing modelled');
});
