import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainSegments } from './chainSegments.ts';

test('segments compound: +10 % then −10 % of a fresh account chain to 0.99 of the start', () => {
  const chained = chainSegments(
    [
      { initialEquity: 100, equity: [[1, 105], [2, 110]] },
      { initialEquity: 100, equity: [[3, 95], [4, 90]] },
    ],
    1_000,
    365,
  );
  assert.deepEqual(chained.equity.map(([, equity]) => Math.round(equity * 1000) / 1000), [1050, 1100, 1045, 990]);
  assert.ok(Math.abs(chained.totalReturnPct - -1) < 1e-9);
  assert.ok(Math.abs(chained.maxDrawdownPct - 10) < 1e-9, 'from the 1100 peak to 990');
});
