import type { ArrowColumn, ArrowRow } from '../../adapters/data/arrowStream.ts';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';

// Every metric of the report, each its own column. `satisfies` fails the typecheck when the report gains
// or loses a metric, so the results file never drops one silently.
const METRICS = {
  finalEquity: true,
  totalReturnPct: true,
  cagrPct: true,
  sharpe: true,
  sortino: true,
  maxDrawdownPct: true,
  maxDrawdownDurationBars: true,
  trades: true,
  winRatePct: true,
  profitFactor: true,
  exposurePct: true,
  feesPaid: true,
  fundingPaid: true,
  skippedOrders: true,
  liquidations: true,
} satisfies Record<keyof BacktestMetrics, true>;

export const SWEEP_RESULT_METRIC_KEYS = Object.keys(METRICS) as ReadonlyArray<keyof BacktestMetrics>;

/**
 * The results file's columns, one row per finished run: its grid index, params hash, params as a JSON
 * object (a grid's values are of any type), every metric as a nullable float64 (null where the metric is
 * undefined, e.g. the profit factor without a losing trade, as the JSON report has it), and the thinned
 * equity curve as two float64 lists of the same length: epoch ms and equity.
 */
export const SWEEP_RESULT_COLUMNS: readonly ArrowColumn[] = [
  { name: 'gridIndex', kind: 'int32' },
  { name: 'paramsHash', kind: 'utf8' },
  { name: 'params', kind: 'utf8' },
  ...SWEEP_RESULT_METRIC_KEYS.map((name) => ({ name, kind: 'float64' as const, nullable: true })),
  { name: 'equityTime', kind: 'float64List' },
  { name: 'equityValue', kind: 'float64List' },
];

export function sweepResultRow(result: SweepRunResult): ArrowRow {
  const row: Record<string, ArrowRow[string]> = {
    gridIndex: result.gridIndex,
    paramsHash: result.paramsHash,
    params: JSON.stringify(result.params),
    equityTime: result.equity.map(([time]) => time),
    equityValue: result.equity.map(([, equity]) => equity),
  };
  for (const key of SWEEP_RESULT_METRIC_KEYS) {
    const value = result.metrics[key] as number | null | undefined;
    // JSON has no NaN or Infinity: a run through the queue arrives with null there, so a run here stores null too.
    row[key] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return row;
}

export function sweepResultOfRow(row: ArrowRow): SweepRunResult {
  const metrics = {} as Record<keyof BacktestMetrics, number>;
  for (const key of SWEEP_RESULT_METRIC_KEYS) metrics[key] = row[key] as number;
  const times = row.equityTime as readonly number[];
  const equities = row.equityValue as readonly number[];
  return {
    gridIndex: row.gridIndex as number,
    paramsHash: row.paramsHash as string,
    params: JSON.parse(row.params as string) as Record<string, unknown>,
    metrics,
    equity: times.map((time, index) => [time, equities[index]] as const),
  };
}
