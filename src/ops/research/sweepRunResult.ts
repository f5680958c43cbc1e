import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';

/** One finished run as the results file stores it (one record batch of the Arrow stream, `app/research/sweepResultColumns.ts`). */
export interface SweepRunResult {
  readonly gridIndex: number;
  readonly paramsHash: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The report's metrics, exactly as `rampart backtest` reports them for the same config. */
  readonly metrics: BacktestMetrics;
  /** The equity curve thinned to at most EQUITY_POINTS points: [epoch ms, equity]. */
  readonly equity: ReadonlyArray<readonly [number, number]>;
}

/**
 * What a sweep keeps of every finished run while it runs: the result without its equity curve. The
 * curves stay in the results file; only the best runs' are kept (`BestRuns`), so a sweep of a million
 * runs holds metrics, not a million curves.
 */
export type SweepRunSummary = Omit<SweepRunResult, 'equity'>;

export const EQUITY_POINTS = 120;
