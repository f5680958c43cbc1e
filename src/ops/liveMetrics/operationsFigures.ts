import { DAY_MS } from './dailyEquity.ts';

/** What an account's runner did, as the store records it, reduced to what the operations figures count. */
export interface OperationsRecord {
  /** Risk events: the risk gate's denials (`code` of the rule), venue refusals (`VENUE_*`), paused entries (`MARKET_FEED_STALE`). */
  readonly riskEvents: ReadonlyArray<{ readonly atMs: number; readonly code: string }>;
  /** Every stored intent: each one passed the risk gate (an intent is stored only after the gate let it through). */
  readonly intents: ReadonlyArray<{ readonly atMs: number; readonly reduceOnly: boolean; readonly clientOrderId: string }>;
  /**
   * Each intent's order as it ended: its latest status and whether it ever rested at the venue (NEW
   * before any fill), which is how a protective stop shows (reduce-only market exits fill at once).
   */
  readonly orders: ReadonlyMap<string, { readonly status: string; readonly rested: boolean }>;
  readonly incidents: ReadonlyArray<{ readonly atMs: number; readonly kind: string }>;
  /** Equity snapshot times: the runner stores one per bar it ran. */
  readonly snapshotTimesMs: readonly number[];
  /** Funding paid (positive) or received (negative), quote asset; undefined when the store keeps none. */
  readonly fundingPayments?: ReadonlyArray<{ readonly atMs: number; readonly amount: number }>;
}

/** Incident kinds counted as API errors: the venue unreachable, refusing, banning or its breaker open. */
export const API_ERROR_INCIDENTS: readonly string[] = ['NOT_READY', 'CIRCUIT_OPENED', 'IP_BANNED', 'ORDER_REJECTED_MARGIN', 'USER_STREAM_DISCONNECTED', 'STREAM_BACKFILL_FAILED'];
/** Incident kinds of a protective stop that could not be placed. */
export const PROTECTIVE_FAILURE_INCIDENTS: readonly string[] = ['PROTECTIVE_STOP_FAILED', 'NAKED_POSITION'];
/** Risk-event codes that are not the risk gate's own denials. */
const NOT_GATE_DENIAL = (code: string): boolean => code.startsWith('VENUE_') || code === 'MARKET_FEED_STALE';
/** Statuses of an order the venue did not take. */
const NOT_ACCEPTED = new Set(['REJECTED', 'UNKNOWN', 'PENDING_SEND']);

export interface OperationsFigures {
  /** EMERGENCY_STOP incidents (the emergency stop tripped to REDUCING or HALTED). */
  readonly emergencyStopTriggers: number;
  /** Risk-gate decisions: intents it let through plus its denials. */
  readonly riskGateDecisions: number;
  readonly riskGateBlocked: number;
  /** blocked / decisions, percent; NaN without decisions. */
  readonly riskGateBlockRatePct: number;
  readonly ordersSent: number;
  /** Orders the venue accepted (any status but REJECTED; an outcome still UNKNOWN or never sent counts as not accepted) / orders sent, percent. */
  readonly orderSuccessRatePct: number;
  /** Protective stops that rested at the venue / (those + protective-stop failures), percent. */
  readonly protectivePlacementSuccessPct: number;
  readonly apiErrors: number;
  /** Bars with an equity snapshot / bars in the window, percent (the runner stores one per bar it ran). */
  readonly runnerUptimePct: number;
  /** Funding paid over the window, annualised, percent of the average equity; NaN without funding records. */
  readonly fundingDragAnnualPct: number;
}

/**
 * The operations figures over [fromMs, toMs] (formulas in docs/live-metrics.md). `barMs` is the
 * config's timeframe; `averageEquity` the window's mean daily close (for the funding drag).
 */
export function operationsFigures(record: OperationsRecord, fromMs: number, toMs: number, barMs: number, averageEquity: number): OperationsFigures {
  const inWindow = (atMs: number): boolean => atMs >= fromMs && atMs <= toMs;
  const incidents = record.incidents.filter((incident) => inWindow(incident.atMs));
  const count = (kinds: readonly string[]): number => incidents.filter((incident) => kinds.includes(incident.kind)).length;
  const intents = record.intents.filter((intent) => inWindow(intent.atMs));
  const blocked = record.riskEvents.filter((event) => inWindow(event.atMs) && !NOT_GATE_DENIAL(event.code)).length;
  const sent = intents.filter((intent) => record.orders.has(intent.clientOrderId));
  const accepted = sent.filter((intent) => !NOT_ACCEPTED.has(record.orders.get(intent.clientOrderId)?.status ?? 'UNKNOWN')).length;
  const stopsPlaced = sent.filter((intent) => intent.reduceOnly && record.orders.get(intent.clientOrderId)?.rested === true).length;
  const protectiveFailures = count(PROTECTIVE_FAILURE_INCIDENTS);
  return {
    emergencyStopTriggers: count(['EMERGENCY_STOP']),
    riskGateDecisions: intents.length + blocked,
    riskGateBlocked: blocked,
    riskGateBlockRatePct: ratePct(blocked, intents.length + blocked),
    ordersSent: sent.length,
    orderSuccessRatePct: ratePct(accepted, sent.length),
    protectivePlacementSuccessPct: ratePct(stopsPlaced, stopsPlaced + protectiveFailures),
    apiErrors: count(API_ERROR_INCIDENTS),
    runnerUptimePct: runnerUptimePct(record.snapshotTimesMs, fromMs, toMs, barMs),
    fundingDragAnnualPct: record.fundingPayments === undefined ? Number.NaN : fundingDragAnnualPct(record.fundingPayments.filter((payment) => inWindow(payment.atMs)), averageEquity, (toMs - fromMs) / DAY_MS),
  };
}

/** part / whole, percent; NaN when whole is 0. */
export function ratePct(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : Number.NaN;
}

/** Bars of [fromMs, toMs] (aligned to `barMs`) holding at least one snapshot, percent of the window's bars. */
export function runnerUptimePct(snapshotTimesMs: readonly number[], fromMs: number, toMs: number, barMs: number): number {
  const firstBar = Math.floor(fromMs / barMs);
  const lastBar = Math.floor(toMs / barMs);
  const bars = lastBar - firstBar + 1;
  const seen = new Set<number>();
  for (const atMs of snapshotTimesMs) if (atMs >= fromMs && atMs <= toMs) seen.add(Math.floor(atMs / barMs));
  return ratePct(seen.size, bars);
}

/** Funding paid over `days` days, scaled to 365 days, percent of `averageEquity`; NaN for a window of no length or no equity. */
export function fundingDragAnnualPct(payments: ReadonlyArray<{ readonly amount: number }>, averageEquity: number, days: number): number {
  if (!(days > 0) || !(averageEquity > 0)) return Number.NaN;
  let paid = 0;
  for (const payment of payments) paid += payment.amount;
  return (paid / averageEquity) * (365 / days) * 100;
}
