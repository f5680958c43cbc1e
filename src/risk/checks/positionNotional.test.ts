import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPositionNotional } from './positionNotional.ts';
import { intentOf, positionOf, snapshotOf, workingOf } from '../riskFixtures.ts';

describe('checkPositionNotional', () => {
  // BTC mark 40,000: a $500 cap is 0.0125 BTC.
  const cases = [
    { name: 'passes $400 under a $500 cap', side: 'buy' as const, quantity: 0.01, snapshot: snapshotOf(), code: undefined },
    { name: 'denies $800 over a $500 cap', side: 'buy' as const, quantity: 0.02, snapshot: snapshotOf(), code: 'POSITION_NOTIONAL_EXCEEDED' },
    {
      name: 'adds the held position on the same side',
      side: 'buy' as const,
      quantity: 0.005,
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0.01) } }),
      code: 'POSITION_NOTIONAL_EXCEEDED',
    },
    {
      name: 'adds working entries on the same side',
      side: 'sell' as const,
      quantity: 0.01,
      snapshot: snapshotOf({ workingOrders: [workingOf('BTCUSDT', 'sell', 0.01, 40_000)] }),
      code: 'POSITION_NOTIONAL_EXCEEDED',
    },
    {
      name: 'nets a flip against the held position',
      side: 'sell' as const,
      quantity: 0.02,
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0.01) } }),
      code: undefined,
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkPositionNotional(intentOf({ side: c.side }), c.quantity, c.snapshot, 500)?.code, c.code, c.name));
  }
});
