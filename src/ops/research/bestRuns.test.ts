import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { BestRuns, bySharpe } from './bestRuns.ts';
import type { SweepRunResult } from './sweepRunResult.ts';

function run(gridIndex: number, sharpe: number): SweepRunResult {
  return { gridIndex, paramsHash: `h${gridIndex}`, params: { lookback: gridIndex }, metrics: { sharpe } as BacktestMetrics, equity: [[gridIndex, sharpe]] };
}

describe('BestRuns', () => {
  it('keeps the same best runs as sorting every run, whatever order they finish in', () => {
    let seed = 11;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    // Sharpes on a coarse grid (ties), some NaN and infinite ones: the order must still be total.
    const runs = Array.from({ length: 300 }, (_, gridIndex) => {
      const draw = random();
      return run(gridIndex, draw < 0.1 ? Number.NaN : draw < 0.13 ? Number.POSITIVE_INFINITY : Math.round(random() * 20) / 10 - 1);
    });
    const expected = [...runs].sort(bySharpe).slice(0, 7).map((result) => result.gridIndex);
    for (let shuffle = 0; shuffle < 5; shuffle++) {
      const order = [...runs].sort(() => random() - 0.5);
      const best = new BestRuns(7);
      for (const result of order) best.offer(result);
      assert.deepEqual(best.runs.map((result) => result.gridIndex), expected, `shuffle ${shuffle}`);
    }
  });

  it('ranks a run without a finite Sharpe after every run with one, and ties by grid order', () => {
    const sorted = [run(3, Number.NaN), run(2, 0.5), run(1, 0.5), run(0, Number.POSITIVE_INFINITY), run(4, -2)].sort(bySharpe);
    assert.deepEqual(sorted.map((result) => result.gridIndex), [1, 2, 4, 0, 3]);
  });

  it('keeps nothing when asked for no runs, and fewer than its size when fewer were offered', () => {
    const none = new BestRuns(0);
    none.offer(run(0, 1));
    assert.deepEqual(none.runs, []);
    const some = new BestRuns(5);
    some.offer(run(0, 1));
    some.offer(run(1, 2));
    assert.deepEqual(some.runs.map((result) => result.gridIndex), [1, 0]);
  });
});
