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
  const groups = new Map<string, { value: unknown; values: number[] }>();
  for (const result of results) {
    const key = JSON.stringify(result.params[parameter]);
    const group = groups.get(key) ?? { value: result.params[parameter], values: [] };
    group.values.push(result.metrics[metric]);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => compareValues(a.value, b.value))
    .map(({ value, values }) => ({ value, runs: values.length, mean: values.reduce((sum, x) => sum + x, 0) / values.length, min: Math.min(...values), max: Math.max(...values) }));
}

export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
