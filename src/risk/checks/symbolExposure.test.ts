import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSymbolExposure } from './symbolExposure.ts';
import { intentOf, positionOf, snapshotOf } from '../riskFixtures.ts';

describe('checkSymbolExposure', () => {
  // Equity 10,000, 30% = 3,000 of margin on one symbol.
  const cases = [
    { name: 'passes 2,000 of margin on BTC', quantity: 0.05, snapshot: snapshotOf(), code: undefined },
    { name: 'denies 3,200 of margin on BTC', quantity: 0.08, snapshot: snapshotOf(), code: 'SYMBOL_EXPOSURE_EXCEEDED' },
    {
      name: 'adds the held position',
      quantity: 0.05,
      snapshot: snapshotOf({ positions: { BTCUSDT: positionOf(0.05) } }),
      code: 'SYMBOL_EXPOSURE_EXCEEDED',
    },
    {
      name: 'ignores other symbols',
      quantity: 0.05,
      snapshot: snapshotOf({ positions: { ETHUSDT: positionOf(2, { entryPrice: 2_000 }) } }),
      code: undefined,
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkSymbolExposure(intentOf(), c.quantity, c.snapshot, 30)?.code, c.code, c.name));
  }
});
