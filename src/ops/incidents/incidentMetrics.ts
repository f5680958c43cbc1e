import { dailyEquitySeries, maxDrawdownPct, rollingSharpe } from '../liveMetrics/index.ts';

/** The post-mortem's "Metrics Before/After" figures at one moment. */
export interface IncidentMetrics {
  /** Equity of the last snapshot at or before the moment; NaN without one. */
  readonly equity: number;
  /** Running max drawdown of the daily equity up to the moment, percent. */
  readonly runningMaxDrawdownPct: number;
  /** 20-day Sharpe of the daily equity up to the moment; NaN with fewer than 21 days. */
  readonly sharpe20d: number;
}

/** The account's figures from its equity snapshots as they stood at `atMs`. */
export function incidentMetricsAt(snapshots: ReadonlyArray<{ readonly atMs: number; readonly equity: number }>, atMs: number): IncidentMetrics {
  const upTo = snapshots.filter((snapshot) => snapshot.atMs <= atMs);
  const last = upTo.reduce<{ atMs: number; equity: number } | undefined>((latest, snapshot) => (latest === undefined || snapshot.atMs >= latest.atMs ? snapshot : latest), undefined);
  const daily = dailyEquitySeries(upTo, atMs).equity;
  return { equity: last?.equity ?? Number.NaN, runningMaxDrawdownPct: maxDrawdownPct(upTo.map((snapshot) => snapshot.equity)), sharpe20d: rollingSharpe(daily, 20) };
}
