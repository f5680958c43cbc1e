import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { selectBestRun } from './selectBestRun.ts';
import type { SweepRunResult } from './sweepRunResult.ts';

const run = (gridIndex: number, sharpe: number, trades: number): SweepRunResult => ({ gridIndex, paramsHash: `h${gridIndex}`, params: {}, metrics: { sharpe, trades } as BacktestMetrics, equity: [] });

test('picks the highest objective among runs with enough trades, ties to the earlier grid point', () => {
  const results = [run(3, 1.5, 10), run(1, 2.5, 2), run(2, 1.5, 10), run(0, -1, 10)];
  assert.equal(selectBestRun(results, 'sharpe', 5)?.gridIndex, 2, 'the 2.5 run has too few trades; 2 and 3 tie');
  assert.equal(selectBestRun(results, 'sharpe', 0)?.gridIndex, 1);
  assert.equal(selectBestRun(results, 'sharpe', 11), undefined, 'no run traded enough');
});
