import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import type { SweepRunSummary } from './sweepRunResult.ts';

export interface MetricSpread {
  readonly value: unknown;
  readonly runs: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/**
 * How a metric varies with one parameter: for each of the parameter's values, the mean, min and max
 * of the metric over every run with that value (the other parameters free). A flat row is a robust
 * parameter; a lone spike is a fitted one.
 */
export function metricByParameter(results: readonly SweepRunSummary[], parameter: string, metric: keyof BacktestMetrics): MetricSpread[] {
  // Sums and extremes as the runs go by: a million runs may share one value, too many to spread into
  // Math.min's arguments (past ~150k the call overflows the stack).
  const groups = new Map<string, { value: unknown; runs: number; sum: number; min: number; max: number }>();
  for (const result of results) {
    const key = JSON.stringify(result.params[parameter]);
    const x = result.metrics[metric];
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { value: result.params[parameter], runs: 1, sum: x, min: x, max: x });
    else {
      group.runs++;
      group.sum += x;
      group.min = Math.min(group.min, x);
      group.max = Math.max(group.max, x);
    }
  }
  return [...groups.values()].sort((a, b) => compareValues(a.value, b.value)).map(({ value, runs, sum, min, max }) => ({ value, runs, mean: sum / runs, min, max }));
}

export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
