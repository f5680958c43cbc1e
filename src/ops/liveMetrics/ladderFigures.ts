import type { MeasuredFigures } from '../scaleRules/criterion.ts';
import { DAY_MS, dailyEquitySeries } from './dailyEquity.ts';
import { maxDrawdownPct, rollingSharpe, windowReturnPct } from './returnStats.ts';
import { roundTrips, type MetricFill } from './roundTrips.ts';
import { fundingDragAnnualPct } from './operationsFigures.ts';
import { fundingDriftRatio, type MetricFundingPayment } from './fundingDrift.ts';
import { realisedSlippageBps, sleeveContributionsPct } from './tradeStats.ts';

/** An account's record as the store holds it, reduced to what the ladder and the risk guard judge. */
export interface AccountRecord {
  readonly equitySnapshots: ReadonlyArray<{ readonly atMs: number; readonly equity: number }>;
  readonly fills: readonly MetricFill[];
  /** The account's sleeves (a sleeve without a closed trade contributes 0). */
  readonly sleeves: readonly string[];
  /** When the account entered its current stage: stage figures are measured from here. */
  readonly stageStartedAtMs: number;
  /** Flatten events: FLATTEN_ALL, kill --flatten, an emergency-stop HALT. */
  readonly flattenEventsAtMs: readonly number[];
  /** Venue connectivity failures (NOT_READY episodes, unreachable venue). */
  readonly apiFailuresAtMs: readonly number[];
  /** The config's assumed costs, basis points per fill. */
  readonly assumedSlippageBps: number;
  readonly assumedFeeBps: number;
  /** From the consistency check (paper against the backtest replay), when it ran. */
  readonly signalConsistencyPct?: number;
  readonly testnetTrades?: number;
  /** Funding paid (positive) or received (negative), quote asset, when the store keeps funding payments. */
  readonly fundingPayments?: readonly MetricFundingPayment[];
  /** The config's assumed funding rate per interval (fraction: 1 bp = 0.0001), which fundingDriftRatio compares with. */
  readonly assumedFundingRatePerInterval?: number;
}

/**
 * The figures the capital ladder and the risk guard judge, computed once from the record (formulas in
 * the README, "Going live"). Figures the record cannot give (funding drift without funding records, a
 * Sharpe over fewer days than its window) are left out: a criterion on them is "not measured" and fails.
 */
export function ladderFigures(record: AccountRecord, nowMs: number): MeasuredFigures {
  const inStage = record.equitySnapshots.filter((snapshot) => snapshot.atMs >= record.stageStartedAtMs).sort((a, b) => a.atMs - b.atMs);
  const daily = dailyEquitySeries(inStage, nowMs).equity;
  const stageFills = record.fills.filter((fill) => fill.atMs >= record.stageStartedAtMs && fill.atMs <= nowMs);
  const trips = roundTrips(stageFills);
  const from14dMs = nowMs - 14 * DAY_MS;
  const equity14dAgo = equityAt(inStage, from14dMs);
  const contributions = [...sleeveContributionsPct(trips, record.sleeves, from14dMs, nowMs, equity14dAgo).values()];
  const slippageBps = realisedSlippageBps(stageFills);
  const feeBps = realisedFeeBps(stageFills);
  const within = (times: readonly number[], fromMs: number): number => times.filter((atMs) => atMs >= fromMs && atMs <= nowMs).length;
  const figures: Record<string, number> = {
    daysInStage: Math.floor((nowMs - record.stageStartedAtMs) / DAY_MS),
    sharpe14d: rollingSharpe(daily, 14),
    sharpe20d: rollingSharpe(daily, 20),
    sharpe30d: rollingSharpe(daily, 30),
    runningMaxDrawdownPct: daily.length > 0 ? maxDrawdownPct(inStage.map((snapshot) => snapshot.equity)) : Number.NaN,
    maxDrawdown30dPct: daily.length > 0 ? maxDrawdownPct(inStage.filter((snapshot) => snapshot.atMs >= nowMs - 30 * DAY_MS).map((snapshot) => snapshot.equity)) : Number.NaN,
    return30dPct: windowReturnPct(daily, 30),
    slippageRatio: record.assumedSlippageBps > 0 ? slippageBps / record.assumedSlippageBps : Number.NaN,
    costRatio: record.assumedSlippageBps + record.assumedFeeBps > 0 ? (slippageBps + feeBps) / (record.assumedSlippageBps + record.assumedFeeBps) : Number.NaN,
    flattenEvents: within(record.flattenEventsAtMs, record.stageStartedAtMs),
    flattenEvents30d: within(record.flattenEventsAtMs, nowMs - 30 * DAY_MS),
    negativeSleeves14d: contributions.filter((pct) => pct < 0).length,
    nonPositiveSleeves14d: contributions.filter((pct) => !(pct > 0)).length,
    worstSleeveContribution14dPct: contributions.length > 0 ? Math.min(...contributions) : Number.NaN,
    apiFailures24h: within(record.apiFailuresAtMs, nowMs - DAY_MS),
  };
  if (record.fundingPayments !== undefined) {
    // Over the last 30 days of the stage (its whole record when shorter), against the window's mean daily close.
    const fromMs = Math.max(record.stageStartedAtMs, nowMs - 30 * DAY_MS);
    const closes = dailyEquitySeries(inStage.filter((snapshot) => snapshot.atMs >= fromMs), nowMs).equity;
    const average = closes.reduce((sum, value) => sum + value, 0) / closes.length;
    const windowPayments = record.fundingPayments.filter((payment) => payment.atMs >= fromMs && payment.atMs <= nowMs);
    figures.fundingDragAnnualPct = fundingDragAnnualPct(windowPayments, average, (nowMs - fromMs) / DAY_MS);
    if (record.assumedFundingRatePerInterval !== undefined) figures.fundingDriftRatio = fundingDriftRatio(windowPayments, stageFills, record.assumedFundingRatePerInterval);
  }
  if (record.signalConsistencyPct !== undefined) figures.signalConsistencyPct = record.signalConsistencyPct;
  if (record.testnetTrades !== undefined) figures.testnetTrades = record.testnetTrades;
  for (const [name, value] of Object.entries(figures)) if (Number.isNaN(value)) delete figures[name];
  return figures as MeasuredFigures;
}

/** The equity of the last snapshot at or before `atMs` (the first one when none is that old). */
export function equityAt(snapshots: ReadonlyArray<{ readonly atMs: number; readonly equity: number }>, atMs: number): number {
  let equity = snapshots[0]?.equity ?? Number.NaN;
  for (const snapshot of snapshots) if (snapshot.atMs <= atMs) equity = snapshot.equity;
  return equity;
}

/** Fees paid per notional traded, basis points. */
function realisedFeeBps(fills: readonly MetricFill[]): number {
  let fees = 0;
  let notional = 0;
  for (const fill of fills) {
    fees += fill.fee;
    notional += fill.quantity * fill.price;
  }
  return notional > 0 ? (fees / notional) * 10_000 : Number.NaN;
}
