import { DAY_MS } from '../liveMetrics/dailyEquity.ts';
import type { PeriodFigures } from '../liveMetrics/periodFigures.ts';
import { equityAt, type AccountRecord } from '../liveMetrics/ladderFigures.ts';
import { operationsFigures, type OperationsFigures, type OperationsRecord } from '../liveMetrics/operationsFigures.ts';
import { periodPnl, type PeriodPnl } from '../liveMetrics/periodPnl.ts';
import { roundTrips, type RoundTrip } from '../liveMetrics/roundTrips.ts';
import { realisedSlippageBps, sleeveContributionsPct, tradeStats, type TradeStats } from '../liveMetrics/tradeStats.ts';

export type ReportPeriod = 'daily' | 'weekly' | 'monthly';

/** A limit is "near" once a loss has used more than this share of it (percent). */
export const NEAR_LIMIT_PCT = 80;

export interface ReportPosition {
  readonly symbol: string;
  readonly quantity: number;
  readonly entryPrice: number;
  /** Reduce-only orders of ours working at the venue on the symbol (the protective stops). */
  readonly protectiveOrders: ReadonlyArray<{ readonly clientOrderId: string; readonly status: string }>;
}

export interface ReportIncident {
  readonly atMs: number;
  readonly kind: string;
  readonly severity: string;
  readonly summary: string;
}

export interface ReportGuardDecision {
  readonly atMs: number;
  readonly decision: string;
  readonly sizeMultiplier: number;
  readonly reasons: readonly string[];
  readonly scaleUpDays: number | undefined;
  readonly yellowDays: Readonly<Record<string, number>>;
}

/** What the store holds of one account, as the report reads it. */
export interface AccountReportInput {
  readonly account: string;
  readonly record: AccountRecord;
  readonly operations: OperationsRecord;
  readonly limits: { readonly dailyPct: number | undefined; readonly weeklyPct: number | undefined };
  readonly profile: { readonly name: string; readonly source: string };
  readonly tradingState: string;
  readonly positions: readonly ReportPosition[];
  readonly incidents: readonly ReportIncident[];
  /** The risk guard's decisions up to the period's end, oldest first. */
  readonly guardDecisions: readonly ReportGuardDecision[];
  /** Consecutive scale-up days the rules need, when a rules file was given. */
  readonly scaleUpDaysNeeded: number | undefined;
}

export interface AccountReport {
  readonly account: string;
  readonly profile: { readonly name: string; readonly source: string };
  readonly tradingState: string;
  readonly equityStart: number;
  readonly equityEnd: number;
  readonly pnl: number;
  readonly pnlPct: number;
  /** The day and the ISO week in which the period ends, against the profile's limits. */
  readonly daily: PeriodPnl;
  readonly weekly: PeriodPnl;
  readonly positions: readonly ReportPosition[];
  /** Positions without a working reduce-only order. */
  readonly unprotectedPositions: number;
  readonly trades: TradeStats & { readonly fills: number; readonly fees: number; readonly list: readonly RoundTrip[] };
  readonly sleeves: ReadonlyArray<{ readonly sleeve: string; readonly contributionPct: number; readonly tradeCount: number; readonly pnl: number }>;
  readonly execution: { readonly realisedSlippageBps: number; readonly assumedSlippageBps: number; readonly slippageRatio: number };
  readonly operations: OperationsFigures;
  /** Funding fees of the period, quote asset: paid and received (both ≥ 0) and how many payments. */
  readonly funding: { readonly paid: number; readonly received: number; readonly payments: number };
  readonly riskGuard: ReportGuardDecision | undefined;
  readonly scaleUp: { readonly days: number | undefined; readonly needed: number | undefined; readonly proposalPending: boolean };
  readonly incidents: readonly ReportIncident[];
}

/**
 * The period replayed through the backtest kernel with the same config (the paper session's replay:
 * `rampart consistency`), against what the store recorded: or why it was not compared.
 */
/** How far the record's Sharpe may be from the replay's before the report flags it (R1 SOP). */
export const REPLAY_SHARPE_TOLERANCE = 0.3;
/** How far the record's max drawdown may be from the replay's, percentage points. */
export const REPLAY_MDD_TOLERANCE_POINTS = 3;

/** Whether a recorded and a replayed period agree within the tolerances (a figure not measured on either side is not judged). */
export function figuresAgree(recorded: PeriodFigures, replayed: PeriodFigures): boolean {
  const within = (a: number, b: number, tolerance: number): boolean => !(Number.isFinite(a) && Number.isFinite(b)) || Math.abs(a - b) <= tolerance;
  return within(recorded.sharpe, replayed.sharpe, REPLAY_SHARPE_TOLERANCE) && within(recorded.maxDrawdownPct, replayed.maxDrawdownPct, REPLAY_MDD_TOLERANCE_POINTS);
}

export type ReportReplay =
  | {
      readonly compared: true;
      readonly signalsRecorded: number;
      readonly signalsReplayed: number;
      readonly signalAgreementPct: number;
      readonly fillsRecorded: number;
      readonly fillsReplayed: number;
      readonly fillAgreementPct: number;
      readonly tradesRecorded: number;
      readonly tradesReplayed: number;
      /** Cash flow of the recorded fills minus the replayed ones', quote asset. */
      readonly pnlDeviation: number;
      readonly sleeves: ReadonlyArray<{ readonly sleeve: string; readonly signalsRecorded: number; readonly signalsReplayed: number; readonly signalAgreementPct: number }>;
      /** Return, Sharpe and max drawdown of the period, recorded and replayed. */
      readonly recordedFigures: PeriodFigures;
      readonly replayedFigures: PeriodFigures;
      /**
       * Every signal and fill agrees, the PnL deviation is within tolerance, the trade counts are equal,
       * and the Sharpe ratios within REPLAY_SHARPE_TOLERANCE and the drawdowns within
       * REPLAY_MDD_TOLERANCE_POINTS of each other (where both are measured); otherwise flagged.
       */
      readonly consistent: boolean;
      /**
       * A live account's record (no paper session): the live runner stores no signals and its fills carry
       * the venue's ids and prices, so only the figures and the trade count are judged.
       */
      readonly live?: true;
    }
  | { readonly compared: false; readonly reason: string };

export interface ProdReport {
  readonly period: ReportPeriod;
  /** `2026-03-05` (daily, the day), `2026-03-02` (weekly, its Monday), `2026-03` (monthly). */
  readonly label: string;
  readonly fromMs: number;
  /** The period's end, or the report's time when the period is not over. */
  readonly toMs: number;
  readonly generatedAtMs: number;
  readonly configName: string;
  readonly accounts: readonly AccountReport[];
  readonly nearLimit: ReadonlyArray<{ readonly account: string; readonly limit: 'daily' | 'weekly'; readonly usedPct: number }>;
  /** Weekly and monthly: the live-versus-backtest replay of the period (absent from daily reports). */
  readonly replay?: ReportReplay;
  /** What the report does not hold yet, said rather than left out silently. */
  readonly notes: readonly string[];
}

/** One account's section over [fromMs, toMs] (formulas in docs/live-metrics.md). */
export function accountReport(input: AccountReportInput, fromMs: number, toMs: number, barMs: number): AccountReport {
  const { record } = input;
  const snapshots = record.equitySnapshots.filter((snapshot) => snapshot.atMs <= toMs).sort((a, b) => a.atMs - b.atMs);
  const equityStart = equityAt(snapshots, fromMs);
  const equityEnd = snapshots.length > 0 ? snapshots[snapshots.length - 1].equity : Number.NaN;
  const fills = record.fills.filter((fill) => fill.atMs >= fromMs && fill.atMs <= toMs);
  const trips = roundTrips(record.fills.filter((fill) => fill.atMs <= toMs)).filter((trip) => trip.closedAtMs >= fromMs);
  const contributions = sleeveContributionsPct(trips, record.sleeves, fromMs, toMs, equityStart);
  const slippage = realisedSlippageBps(fills);
  const days = record.equitySnapshots.filter((snapshot) => snapshot.atMs >= fromMs && snapshot.atMs <= toMs);
  const averageEquity = days.length > 0 ? days.reduce((sum, snapshot) => sum + snapshot.equity, 0) / days.length : Number.NaN;
  const guard = input.guardDecisions[input.guardDecisions.length - 1];
  const latestJudgement = [...input.guardDecisions].reverse().find((decision) => decision.decision !== 'SCALE_UP_APPROVED');
  return {
    account: input.account,
    profile: input.profile,
    tradingState: input.tradingState,
    equityStart,
    equityEnd,
    pnl: equityEnd - equityStart,
    pnlPct: equityStart > 0 ? (equityEnd / equityStart - 1) * 100 : Number.NaN,
    daily: periodPnl(record.equitySnapshots, 'day', toMs, input.limits.dailyPct),
    weekly: periodPnl(record.equitySnapshots, 'week', toMs, input.limits.weeklyPct),
    positions: input.positions,
    unprotectedPositions: input.positions.filter((position) => position.protectiveOrders.length === 0).length,
    trades: { ...tradeStats(trips), fills: fills.length, fees: fills.reduce((sum, fill) => sum + fill.fee, 0), list: trips },
    sleeves: [...contributions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([sleeve, contributionPct]) => {
      const own = trips.filter((trip) => trip.sleeve === sleeve);
      return { sleeve, contributionPct, tradeCount: own.length, pnl: own.reduce((sum, trip) => sum + trip.pnl, 0) };
    }),
    execution: { realisedSlippageBps: slippage, assumedSlippageBps: record.assumedSlippageBps, slippageRatio: record.assumedSlippageBps > 0 ? slippage / record.assumedSlippageBps : Number.NaN },
    operations: operationsFigures(input.operations, fromMs, toMs, barMs, averageEquity),
    funding: fundingOfPeriod(input.operations.fundingPayments ?? [], fromMs, toMs),
    riskGuard: guard,
    scaleUp: { days: latestJudgement?.scaleUpDays, needed: input.scaleUpDaysNeeded, proposalPending: guard?.decision === 'SCALE_UP' },
    incidents: input.incidents.filter((incident) => incident.atMs >= fromMs && incident.atMs <= toMs),
  };
}

function fundingOfPeriod(payments: ReadonlyArray<{ readonly atMs: number; readonly amount: number }>, fromMs: number, toMs: number): AccountReport['funding'] {
  let paid = 0;
  let received = 0;
  let count = 0;
  for (const payment of payments) {
    if (payment.atMs < fromMs || payment.atMs > toMs) continue;
    count++;
    if (payment.amount > 0) paid += payment.amount;
    else received -= payment.amount;
  }
  return { paid, received, payments: count };
}

/** The accounts whose loss used more than NEAR_LIMIT_PCT of a daily or weekly limit. */
export function accountsNearLimit(accounts: readonly AccountReport[]): ProdReport['nearLimit'] {
  const near: Array<{ account: string; limit: 'daily' | 'weekly'; usedPct: number }> = [];
  for (const account of accounts) {
    if (account.daily.limitUsedPct > NEAR_LIMIT_PCT) near.push({ account: account.account, limit: 'daily', usedPct: account.daily.limitUsedPct });
    if (account.weekly.limitUsedPct > NEAR_LIMIT_PCT) near.push({ account: account.account, limit: 'weekly', usedPct: account.weekly.limitUsedPct });
  }
  return near;
}

/** The period containing `dateMs` (UTC): its start, end (exclusive) and label. */
export function reportPeriod(period: ReportPeriod, dateMs: number): { fromMs: number; endMs: number; label: string } {
  const day = new Date(Math.floor(dateMs / DAY_MS) * DAY_MS);
  if (period === 'daily') return { fromMs: day.getTime(), endMs: day.getTime() + DAY_MS, label: day.toISOString().slice(0, 10) };
  if (period === 'weekly') {
    const monday = day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS;
    return { fromMs: monday, endMs: monday + 7 * DAY_MS, label: new Date(monday).toISOString().slice(0, 10) };
  }
  const first = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1);
  return { fromMs: first, endMs: Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1), label: new Date(first).toISOString().slice(0, 7) };
}
