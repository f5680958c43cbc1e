import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarginBudget } from './marginBudget.ts';
import { intentOf, positionOf, snapshotOf, workingOf } from '../riskFixtures.ts';

describe('checkMarginBudget', () => {
  // Equity 10,000, 80% budget = 8,000 of margin; BTC at 40,000 with 1x leverage when no position says otherwise.
  const cases = [
    { name: 'passes 4,000 of margin', quantity: 0.1, snapshot: snapshotOf(), code: undefined },
    { name: 'denies 8,400 of margin', quantity: 0.21, snapshot: snapshotOf(), code: 'MARGIN_EXCEEDED' },
    {
      name: 'uses the symbol leverage for new margin',
      quantity: 0.5,
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0.01, { leverage: 5 }) } }),
      code: undefined,
    },
    {
      name: 'adds other positions margin',
      quantity: 0.1,
      snapshot: snapshotOf({ positions: { ETHUSDT: positionOf(2.5, { entryPrice: 2_000 }) } }),
      code: 'MARGIN_EXCEEDED',
    },
    {
      name: 'adds working entry orders',
      quantity: 0.1,
      snapshot: snapshotOf({ workingOrders: [workingOf('ETHUSDT', 'buy', 2.5, 2_000)] }),
      code: 'MARGIN_EXCEEDED',
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkMarginBudget(intentOf(), c.quantity, c.snapshot, 80)?.code, c.code, c.name));
  }
});
