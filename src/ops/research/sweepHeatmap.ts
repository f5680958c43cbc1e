import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { compareValues } from './robustness.ts';
import type { SweepRunSummary } from './sweepRunResult.ts';

/**
 * The cells of one pair of parameters: for each pair of values some run had, how many runs had it and
 * the sums of each metric over them (the page shows sum / runs). `xs` and `ys` are the values in order.
 */
export interface HeatmapPair {
  readonly xs: readonly unknown[];
  readonly ys: readonly unknown[];
  /** [x index, y index, runs, sum of metric 0, sum of metric 1, …]. */
  readonly cells: ReadonlyArray<readonly number[]>;
}

/**
 * Every pair of parameters' heatmap cells (a pair and its mirror once: key `x,y` with x ≤ y; the page
 * transposes), summed over all the runs. The page is sent these sums rather than every run: a sweep of
 * a million runs would otherwise embed a million rows for the browser to add up.
 */
export function sweepHeatmap(results: readonly SweepRunSummary[], parameters: readonly string[], metrics: ReadonlyArray<keyof BacktestMetrics>): Record<string, HeatmapPair> {
  const columns = parameters.map((parameter) => valueColumn(results, parameter));
  const pairs: Record<string, HeatmapPair> = {};
  for (let x = 0; x < parameters.length; x++) {
    for (let y = x; y < parameters.length; y++) {
      const sums = new Map<number, number[]>();
      const width = columns[x].values.length;
      for (let run = 0; run < results.length; run++) {
        const xi = columns[x].index[run];
        const yi = columns[y].index[run];
        const key = yi * width + xi;
        let cell = sums.get(key);
        if (cell === undefined) sums.set(key, (cell = [xi, yi, 0, ...metrics.map(() => 0)]));
        cell[2]++;
        for (let m = 0; m < metrics.length; m++) cell[3 + m] += results[run].metrics[metrics[m]];
      }
      pairs[`${x},${y}`] = { xs: columns[x].values, ys: columns[y].values, cells: [...sums.values()] };
    }
  }
  return pairs;
}

/**
 * A parameter's values in order, and each run's value as an index into them: every run's value is
 * read and keyed once per parameter, not once for each pair it is in.
 */
function valueColumn(results: readonly SweepRunSummary[], parameter: string): { values: unknown[]; index: Int32Array } {
  const keys = results.map((result) => JSON.stringify(result.params[parameter]));
  const valueOf = new Map<string | undefined, unknown>();
  results.forEach((result, run) => valueOf.set(keys[run], result.params[parameter]));
  // Sorted as values (a missing one, undefined, goes last as Array sort puts it), then keyed again.
  const values = [...valueOf.values()].sort(compareValues);
  const position = new Map(values.map((value, at) => [JSON.stringify(value), at]));
  return { values, index: Int32Array.from(keys, (key) => position.get(key) as number) };
}
