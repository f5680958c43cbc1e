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

export const EQUITY_POINTS = 120;
