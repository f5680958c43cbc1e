import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import type { SweepRunResult } from './sweepRunResult.ts';

/** Metrics a walk-forward may optimise (higher is better for each). */
export const OBJECTIVES = ['sharpe', 'sortino', 'totalReturnPct', 'cagrPct', 'profitFactor'] as const satisfies ReadonlyArray<keyof BacktestMetrics>;
export type Objective = (typeof OBJECTIVES)[number];

/**
 * The training run a walk-forward trades next: the highest objective among runs with at least
 * `minTrades` trades, ties to the earlier grid point; undefined when no run traded enough.
 */
export function selectBestRun(results: readonly SweepRunResult[], objective: Objective, minTrades: number): SweepRunResult | undefined {
  let best: SweepRunResult | undefined;
  for (const result of results) {
    if (result.metrics.trades < minTrades) continue;
    const value = result.metrics[objective] ?? -Infinity;
    const bestValue = best ? (best.metrics[objective] ?? -Infinity) : -Infinity;
    if (!best || value > bestValue || (value === bestValue && result.gridIndex < best.gridIndex)) best = result;
  }
  return best;
}
