import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMaxLeverage } from './maxLeverage.ts';
import { intentOf, positionOf, snapshotOf, workingOf } from '../riskFixtures.ts';

describe('checkMaxLeverage', () => {
  // Equity 10,000; BTC mark 40,000; ETH mark 2,000.
  const cases = [
    { name: 'passes 0.2x gross', quantity: 0.05, snapshot: snapshotOf(), code: undefined },
    { name: 'passes exactly 1x', quantity: 0.25, snapshot: snapshotOf(), code: undefined },
    { name: 'denies 1.2x gross under a 1x cap', quantity: 0.3, snapshot: snapshotOf(), code: 'LEVERAGE_EXCEEDED' },
    {
      name: 'counts other positions in the account gross',
      quantity: 0.1,
      snapshot: snapshotOf({ positions: { ETHUSDT: positionOf(-4, { entryPrice: 2_000 }) } }),
      code: 'LEVERAGE_EXCEEDED',
    },
    {
      name: 'counts working entry orders (only the combination breaches)',
      quantity: 0.15,
      snapshot: snapshotOf({ workingOrders: [workingOf('BTCUSDT', 'buy', 0.15, 40_000)] }),
      code: 'LEVERAGE_EXCEEDED',
    },
    {
      name: 'denies when the symbol leverage setting is above the cap',
      quantity: 0.01,
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0.01, { leverage: 3 }) } }),
      code: 'LEVERAGE_EXCEEDED',
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkMaxLeverage(intentOf(), c.quantity, c.snapshot, 1)?.code, c.code, c.name));
  }
});
