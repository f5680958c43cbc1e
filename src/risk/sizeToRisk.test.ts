import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sizeToRisk } from './sizeToRisk.ts';
import { capitalProfileSchema } from './profiles/capitalProfile.ts';
import { intentOf, positionOf, snapshotOf } from './riskFixtures.ts';

describe('sizeToRisk', () => {
  const normal = capitalProfileSchema.parse({ name: 'n', riskPerTradePct: 1, maxLeverage: 3 });
  const capped = capitalProfileSchema.parse({ name: 'c', maxPositionNotional: 500, maxLeverage: 5 });
  const cases = [
    // Equity 10,000 at 1%: 100 at risk; a 1,000 stop allows 0.1 BTC.
    { name: 'leaves an order within risk as asked', profile: normal, intent: intentOf({ quantity: 0.05, stopDistance: 1_000 }), snapshot: snapshotOf(), quantity: 0.05, reason: null },
    { name: 'shrinks an order to the risk per trade', profile: normal, intent: intentOf({ quantity: 0.5, stopDistance: 1_000 }), snapshot: snapshotOf(), quantity: 0.1, reason: 'RISK_PER_TRADE' },
    // No stop: 5% of 40,000 = 2,000 assumed, so 100 / 2,000 = 0.05 BTC.
    { name: 'assumes a stop when the intent has none', profile: normal, intent: intentOf({ quantity: 0.5 }), snapshot: snapshotOf(), quantity: 0.05, reason: 'RISK_PER_TRADE' },
    { name: 'shrinks to the size cap', profile: capped, intent: intentOf({ quantity: 0.05 }), snapshot: snapshotOf(), quantity: 0.0125, reason: 'POSITION_NOTIONAL_CAP' },
    {
      name: 'counts the held position against the size cap',
      profile: capped,
      intent: intentOf({ quantity: 0.05 }),
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0.01) } }),
      quantity: 0.0025,
      reason: 'POSITION_NOTIONAL_CAP',
    },
    {
      name: 'returns 0 when the cap is already used up',
      profile: capped,
      intent: intentOf({ quantity: 0.05 }),
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0.02) } }),
      quantity: 0,
      reason: 'POSITION_NOTIONAL_CAP',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const sized = sizeToRisk(c.intent, c.intent.quantity, c.snapshot, c.profile, 5);
      assert.ok(Math.abs(sized.quantity - c.quantity) < 1e-12, `${c.name}: expected ${c.quantity}, was ${sized.quantity}`);
      assert.equal(sized.reason, c.reason, c.name);
    });
  }
});
