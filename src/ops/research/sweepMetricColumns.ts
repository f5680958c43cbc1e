import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';

/** The metrics a sweep's table, heatmap and robustness view show, in order. */
export const SWEEP_METRICS: ReadonlyArray<{ key: keyof BacktestMetrics; label: string; decimals: number }> = [
  { key: 'sharpe', label: 'Sharpe', decimals: 2 },
  { key: 'totalReturnPct', label: 'return %', decimals: 2 },
  { key: 'maxDrawdownPct', label: 'max DD %', decimals: 2 },
  { key: 'winRatePct', label: 'win %', decimals: 1 },
  { key: 'profitFactor', label: 'profit factor', decimals: 2 },
  { key: 'trades', label: 'trades', decimals: 0 },
  { key: 'feesPaid', label: 'fees', decimals: 2 },
];
