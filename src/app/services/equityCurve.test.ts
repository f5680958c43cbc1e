import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withTempStore } from '../../../test/support/withTempStore.ts';
import { equityCurve } from './equityCurve.ts';

test('the curve carries the drawdown from the running peak, one point per second (the last), nothing after now', async () => {
  await withTempStore(async (store) => {
    const snapshot = (atMs: number, equity: string) => store.recordEquitySnapshot({ account: 'a', atMs, equity, walletBalance: equity, unrealizedPnl: '0' });
    await snapshot(1_000, '100');
    await snapshot(2_000, '120');
    await snapshot(2_500, '90');
    await snapshot(3_000, '108');
    await snapshot(9_000, '500');
    const points = await equityCurve(store, 'a', 5_000);
    assert.deepEqual(points, [
      { timeSec: 1, equity: 100, drawdownPct: 0 },
      { timeSec: 2, equity: 90, drawdownPct: 25 },
      { timeSec: 3, equity: 108, drawdownPct: 10 },
    ]);
  });
});

test('a long curve is thinned to the bound, keeping the last point and the true drawdown at the points kept', async () => {
  await withTempStore(async (store) => {
    for (let second = 0; second < 25; second++) await store.recordEquitySnapshot({ account: 'a', atMs: second * 1000, equity: String(second === 0 ? 200 : 100 + second), walletBalance: '0', unrealizedPnl: '0' });
    const points = await equityCurve(store, 'a', 100_000, 10);
    assert.ok(points.length <= 10, `${points.length} points`);
    assert.deepEqual(points.at(-1), { timeSec: 24, equity: 124, drawdownPct: 38 });
  });
});
