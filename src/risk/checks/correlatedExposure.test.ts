import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCorrelatedExposure } from './correlatedExposure.ts';
import { intentOf, positionOf, snapshotOf } from '../riskFixtures.ts';

describe('checkCorrelatedExposure', () => {
  const limit = { correlationThreshold: 0.8, maxCorrelatedExposurePct: 50, correlationWindow: 50, minCorrelationSamples: 20 };
  const wave = Array.from({ length: 40 }, (_, i) => Math.sin(i) / 100);
  const same = wave.map((r) => r * 2);
  const opposite = wave.map((r) => -r);
  // ETH held: 2 × 2,000 = 4,000 of margin (40% of 10,000). Adding 0.05 BTC (2,000) makes 60% together.
  const ethHeld = { ETHUSDT: positionOf(2, { entryPrice: 2_000 }) };
  const cases = [
    {
      name: 'denies when a highly correlated sleeve already holds exposure',
      history: { 'btc-trend': { symbol: 'BTCUSDT', returns: wave }, 'eth-trend': { symbol: 'ETHUSDT', returns: same } },
      code: 'CORRELATED_EXPOSURE_EXCEEDED',
    },
    {
      name: 'passes when the other sleeve moves the opposite way',
      history: { 'btc-trend': { symbol: 'BTCUSDT', returns: wave }, 'eth-trend': { symbol: 'ETHUSDT', returns: opposite } },
      code: undefined,
    },
    {
      name: 'passes with too short a history to judge',
      history: { 'btc-trend': { symbol: 'BTCUSDT', returns: wave.slice(0, 10) }, 'eth-trend': { symbol: 'ETHUSDT', returns: same } },
      code: undefined,
    },
    { name: 'passes without return history', history: undefined, code: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const snapshot = snapshotOf({ positions: ethHeld, sleeveReturns: c.history });
      assert.equal(checkCorrelatedExposure(intentOf(), 0.05, snapshot, limit)?.code, c.code, c.name);
    });
  }

  test('passes a correlated sleeve whose symbol is flat', () => {
    const snapshot = snapshotOf({ sleeveReturns: { 'btc-trend': { symbol: 'BTCUSDT', returns: wave }, 'eth-trend': { symbol: 'ETHUSDT', returns: same } } });
    assert.equal(checkCorrelatedExposure(intentOf(), 0.05, snapshot, limit), undefined, 'no exposure to count together');
  });
});
