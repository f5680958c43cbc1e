import type { MeasuredFigures } from '../scaleRules/criterion.ts';
import { DAY_MS, dailyEquitySeries } from './dailyEquity.ts';
import { equityAt, ladderFigures, type AccountRecord } from './ladderFigures.ts';
import { operationsFigures, type OperationsFigures, type OperationsRecord } from './operationsFigures.ts';
import { periodPnl, type PeriodPnl } from './periodPnl.ts';
import { roundTrips } from './roundTrips.ts';
import { realisedSlippageBps, sleeveContributionsPct, tradeStats, type TradeStats } from './tradeStats.ts';

export interface SleeveMetrics extends TradeStats {
  readonly sleeve: string;
  /** PnL of the sleeve's round trips closed in the last 14 days, percent of the account's equity 14 days ago. */
  readonly contribution14dPct: number;
  readonly realisedSlippageBps: number;
}

/** Everything the risk guard and the reports show of one account, computed once from its record. */
export interface AccountMetrics {
  readonly account: string;
  readonly nowMs: number;
  /** The ladder's and the risk guard's figures (sharpe14d, sharpe20d, runningMaxDrawdownPct, return30dPct, slippageRatio, …). */
  readonly figures: MeasuredFigures;
  /** The latest equity snapshot's time (the runner stores one per bar); undefined without any. */
  readonly lastSnapshotAtMs: number | undefined;
  readonly dailyEquity: { readonly dayStartMs: readonly number[]; readonly equity: readonly number[] };
  readonly trades: TradeStats;
  readonly realisedSlippageBps: number;
  readonly assumedSlippageBps: number;
  readonly sleeves: readonly SleeveMetrics[];
  readonly daily: PeriodPnl;
  readonly weekly: PeriodPnl;
  /** Operations over the last `windowDays` days. */
  readonly operations: OperationsFigures;
  readonly windowDays: number;
}

export interface AccountMetricsInput {
  readonly account: string;
  readonly record: AccountRecord;
  readonly operations: OperationsRecord;
  /** The profile's daily and weekly drawdown limits, percent. */
  readonly limits: { readonly dailyPct: number | undefined; readonly weeklyPct: number | undefined };
  readonly barMs: number;
  /** Window of the operations figures, days. */
  readonly windowDays: number;
}

/** An account's metrics at `nowMs` (formulas in docs/live-metrics.md). */
export function accountMetrics(input: AccountMetricsInput, nowMs: number): AccountMetrics {
  const { record } = input;
  const inStage = record.equitySnapshots.filter((snapshot) => snapshot.atMs >= record.stageStartedAtMs);
  const daily = dailyEquitySeries(inStage, nowMs);
  const fills = record.fills.filter((fill) => fill.atMs >= record.stageStartedAtMs && fill.atMs <= nowMs);
  const trips = roundTrips(fills);
  const from14dMs = nowMs - 14 * DAY_MS;
  const equity14dAgo = equityAt(inStage, from14dMs);
  const contributions = sleeveContributionsPct(trips, record.sleeves, from14dMs, nowMs, equity14dAgo);
  const sleeves = [...contributions.keys()].sort().map((sleeve) => ({
    sleeve,
    ...tradeStats(trips.filter((trip) => trip.sleeve === sleeve)),
    contribution14dPct: contributions.get(sleeve) ?? Number.NaN,
    realisedSlippageBps: realisedSlippageBps(fills.filter((fill) => fill.sleeve === sleeve)),
  }));
  const fromMs = nowMs - input.windowDays * DAY_MS;
  const windowCloses = daily.equity.filter((_, index) => daily.dayStartMs[index] + DAY_MS > fromMs);
  const averageEquity = windowCloses.length > 0 ? windowCloses.reduce((sum, value) => sum + value, 0) / windowCloses.length : Number.NaN;
  return {
    account: input.account,
    nowMs,
    figures: ladderFigures(record, nowMs),
    lastSnapshotAtMs: record.equitySnapshots.reduce<number | undefined>((latest, snapshot) => (snapshot.atMs <= nowMs && (latest === undefined || snapshot.atMs > latest) ? snapshot.atMs : latest), undefined),
    dailyEquity: daily,
    trades: tradeStats(trips),
    realisedSlippageBps: realisedSlippageBps(fills),
    assumedSlippageBps: record.assumedSlippageBps,
    sleeves,
    daily: periodPnl(record.equitySnapshots, 'day', nowMs, input.limits.dailyPct),
    weekly: periodPnl(record.equitySnapshots, 'week', nowMs, input.limits.weeklyPct),
    operations: operationsFigures(input.operations, fromMs, nowMs, input.barMs, averageEquity),
    windowDays: input.windowDays,
  };
}
