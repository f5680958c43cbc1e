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
  const valuesOf = parameters.map((parameter) => orderedValues(results, parameter));
  const indexOf = valuesOf.map((values) => new Map(values.map((value, index) => [JSON.stringify(value), index])));
  const pairs: Record<string, HeatmapPair> = {};
  for (let x = 0; x < parameters.length; x++) {
    for (let y = x; y < parameters.length; y++) {
      const sums = new Map<number, number[]>();
      const width = valuesOf[x].length;
      for (const result of results) {
        const xi = indexOf[x].get(JSON.stringify(result.params[parameters[x]])) as number;
        const yi = indexOf[y].get(JSON.stringify(result.params[parameters[y]])) as number;
        const key = yi * width + xi;
        let cell = sums.get(key);
        if (cell === undefined) sums.set(key, (cell = [xi, yi, 0, ...metrics.map(() => 0)]));
        cell[2]++;
        for (let m = 0; m < metrics.length; m++) cell[3 + m] += result.metrics[metrics[m]];
      }
      pairs[`${x},${y}`] = { xs: valuesOf[x], ys: valuesOf[y], cells: [...sums.values()] };
    }
  }
  return pairs;
}

function orderedValues(results: readonly SweepRunSummary[], parameter: string): unknown[] {
  const values = new Map<string, unknown>();
  for (const result of results) values.set(JSON.stringify(result.params[parameter]), result.params[parameter]);
  return [...values.values()].sort(compareValues);
}
