import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { sweepHeatmap } from './sweepHeatmap.ts';
import type { SweepRunSummary } from './sweepRunResult.ts';

test('each pair of parameters gets, per pair of values, the run count and metric sums of exactly the runs with them', () => {
  // A seeded sample of a grid with numbers, strings and a missing value; two metrics.
  let seed = 7;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const results: SweepRunSummary[] = Array.from({ length: 500 }, (_, index) => ({
    gridIndex: index,
    paramsHash: `h${index}`,
    params: { lookback: pick([96, 24, 168]), side: pick(['long', 'both']), ...(random() < 0.2 ? {} : { fee: pick([2, 5]) }) },
    metrics: { sharpe: random() * 4 - 2, trades: Math.floor(random() * 100) } as BacktestMetrics,
  }));
  const parameters = ['lookback', 'side', 'fee'];
  const heat = sweepHeatmap(results, parameters, ['sharpe', 'trades']);
  assert.deepEqual(Object.keys(heat).sort(), ['0,0', '0,1', '0,2', '1,1', '1,2', '2,2']);
  assert.deepEqual(heat['0,1'].xs, [24, 96, 168], 'numbers in numeric order');
  assert.deepEqual(heat['0,1'].ys, ['both', 'long']);
  for (const [key, pair] of Object.entries(heat)) {
    const [x, y] = key.split(',').map(Number);
    let counted = 0;
    for (const [xi, yi, runs, sharpe, trades] of pair.cells) {
      const same = results.filter((result) => JSON.stringify(result.params[parameters[x]]) === JSON.stringify(pair.xs[xi]) && JSON.stringify(result.params[parameters[y]]) === JSON.stringify(pair.ys[yi]));
      assert.equal(runs, same.length, `${key} cell ${xi},${yi}`);
      assert.equal(sharpe, same.reduce((sum, result) => sum + result.metrics.sharpe, 0));
      assert.equal(trades, same.reduce((sum, result) => sum + result.metrics.trades, 0));
      counted += runs;
    }
    assert.equal(counted, results.length, `${key}: every run in one cell`);
  }
});
