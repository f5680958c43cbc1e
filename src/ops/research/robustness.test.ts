import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { metricByParameter } from './robustness.ts';
import type { SweepRunSummary } from './sweepRunResult.ts';

const run = (gridIndex: number, params: Record<string, unknown>, sharpe: number): SweepRunSummary => ({ gridIndex, paramsHash: `h${gridIndex}`, params, metrics: { sharpe } as BacktestMetrics });

test('gives per parameter value the mean, min and max of a metric over the runs with that value, values in order', () => {
  const runs = [run(0, { lookback: 96, side: 'long' }, 1), run(1, { lookback: 24, side: 'long' }, -0.5), run(2, { lookback: 96, side: 'both' }, 2), run(3, { lookback: 24, side: 'both' }, 0.25), run(4, { lookback: 96, side: 'both' }, 0)];
  assert.deepEqual(metricByParameter(runs, 'lookback', 'sharpe'), [
    { value: 24, runs: 2, mean: -0.125, min: -0.5, max: 0.25 },
    { value: 96, runs: 3, mean: 1, min: 0, max: 2 },
  ]);
  assert.deepEqual(metricByParameter(runs, 'side', 'sharpe').map((spread) => [spread.value, spread.runs]), [['both', 3], ['long', 2]]);
});

test('a metric that is not a number (no trades) shows in the mean and the range, as the runs table shows it', () => {
  const spread = metricByParameter([run(0, { a: 1 }, 1), run(1, { a: 1 }, Number.NaN), run(2, { a: 1 }, Number.POSITIVE_INFINITY)], 'a', 'sharpe')[0];
  assert.ok(Number.isNaN(spread.mean) && Number.isNaN(spread.min) && Number.isNaN(spread.max));
  const infinite = metricByParameter([run(0, { a: 1 }, 1), run(1, { a: 1 }, Number.POSITIVE_INFINITY)], 'a', 'sharpe')[0];
  assert.deepEqual([infinite.mean, infinite.min, infinite.max], [Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY]);
});

test('a value shared by 300,000 runs is summarised (a sweep of up to a million runs renders its page)', () => {
  const runs = Array.from({ length: 300_000 }, (_, index) => run(index, { fee: 5 }, (index % 1000) / 100));
  const [spread] = metricByParameter(runs, 'fee', 'sharpe');
  assert.equal(spread.runs, 300_000);
  assert.equal(spread.min, 0);
  assert.equal(spread.max, 9.99);
  assert.ok(Math.abs(spread.mean - 4.995) < 1e-9, String(spread.mean));
});
