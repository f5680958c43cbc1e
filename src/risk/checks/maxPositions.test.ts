import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMaxPositions } from './maxPositions.ts';
import { positionOf, snapshotOf, workingOf } from '../riskFixtures.ts';

describe('checkMaxPositions', () => {
  const cases = [
    { name: 'passes the first position under a limit of 2', symbol: 'BTCUSDT', snapshot: snapshotOf(), code: undefined },
    {
      name: 'passes adding to a symbol already held at the limit',
      symbol: 'BTCUSDT',
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(1), ETHUSDT: positionOf(1) } }),
      code: undefined,
    },
    {
      name: 'denies a third position under a limit of 2',
      symbol: 'SOLUSDT',
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(1), ETHUSDT: positionOf(-1) } }),
      code: 'MAX_POSITIONS_EXCEEDED',
    },
    {
      name: 'counts working entry orders on flat symbols as positions',
      symbol: 'SOLUSDT',
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(1) }, workingOrders: [workingOf('ETHUSDT', 'buy', 1, 2_000)] }),
      code: 'MAX_POSITIONS_EXCEEDED',
    },
    {
      name: 'leaves reduce-only working orders out',
      symbol: 'SOLUSDT',
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(1) }, workingOrders: [workingOf('BTCUSDT', 'sell', 1, 40_000, true)] }),
      code: undefined,
    },
    { name: 'ignores flat position entries', symbol: 'SOLUSDT', snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0), ETHUSDT: positionOf(1) } }), code: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkMaxPositions(c.symbol, c.snapshot, 2)?.code, c.code, c.name));
  }
});
