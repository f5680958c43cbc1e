import { API_ERROR_INCIDENTS, roundTrips, tradeStats, type MetricFill } from '../../ops/liveMetrics/index.ts';
import { denialOfRiskEvent } from '../../engine/risk/index.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createRiskGate } from './createRiskGate.ts';
import { failoverSwitchCounts, type FailoverSwitchCount } from './failoverSwitchCounts.ts';
import { statusReport, type AccountStatus } from './statusReport.ts';

/**
 * What the metrics endpoint exports, read from the trade store: the same records and the same status
 * service `rampart status` prints, so the dashboard and the CLI cannot disagree. Counters are counts of
 * stored records (they survive restarts and count what every process wrote to the store). Every label
 * value comes from a closed set: unknown codes fold into OTHER so a scrape never grows without bound.
 */
export interface AccountFigures {
  readonly account: string;
  readonly status: AccountStatus;
  /** Loss from the peak of all stored equity, as a ratio (0.05 = 5 %). */
  readonly runningDrawdownRatio: number;
  /** The larger of day and week drawdown against their profile limits (1 = at the limit); 0 without limits. */
  readonly profileLimitUsedRatio: number;
  /** Automatic halts and reductions by trigger (emergency stop, risk engine, naked-position timer, reconciliation). */
  readonly essTriggers: Readonly<Record<string, number>>;
  /** Orders the risk gate let through (stored intents). */
  readonly riskGateAllowed: number;
  /** Risk-engine denials by code. */
  readonly riskGateBlocked: Readonly<Record<string, number>>;
  /** Denials by the XAUUSD runbook's guardrails (spread, data age, session, volatility, confidence). */
  readonly guardrailRejections: Readonly<Record<string, number>>;
  /** Orders by how they ended at the venue (terminal statuses only). */
  readonly ordersByResult: Readonly<Record<string, number>>;
  /** Reduce-only orders (protective stops and exits) by result: placed or rejected. */
  readonly protectiveByResult: Readonly<Record<string, number>>;
  /** Venue and connectivity incidents by kind. */
  readonly exchangeErrorsByClass: Readonly<Record<string, number>>;
  /** The capital profile's most open positions, null when unlimited. */
  readonly maxPositions: number | null;
  /** Round trips among the last WIN_RATE_TRADES (the playbook's win-rate alert needs 20). */
  readonly recentRoundTrips: number;
  /** Share of those that won, as a ratio; null without any. */
  readonly winRateRatio: number | null;
  /** Losing round trips in a row, up to now. */
  readonly consecutiveLosses: number;
  /** The latest risk-guard decision (KEEP, REDUCE …), null when the guard never ran. */
  readonly riskGuardDecision: string | null;
}

export interface ObservedFigures {
  readonly accounts: readonly AccountFigures[];
  /** OK, WARNING (an account REDUCING or past 80 % of a limit) or CRITICAL (an account HALTED or at a limit). */
  readonly globalRiskStatus: GlobalRiskStatus;
  /** Stored failovers and failbacks per primary account and direction (`exchange_failover_events_total`). */
  readonly failoverSwitches: readonly FailoverSwitchCount[];
}

export const GlobalRiskStatus = { OK: 'OK', WARNING: 'WARNING', CRITICAL: 'CRITICAL' } as const;
export type GlobalRiskStatus = (typeof GlobalRiskStatus)[keyof typeof GlobalRiskStatus];

/** The guardrail each denial code belongs to (risk/guardrailPresets: the runbook's pre-trade filters). */
export const GUARDRAIL_OF_CODE: Readonly<Record<string, string>> = {
  SPREAD_TOO_WIDE: 'spread',
  DATA_STALE: 'data_age',
  SESSION_BLOCKED: 'session',
  VOLATILITY_TOO_HIGH: 'volatility',
  CONFIDENCE_TOO_LOW: 'confidence',
};

/** Who halts or reduces an account on its own, as the store's transitions name it, and the trigger label. */
const AUTOMATIC_ACTORS: Readonly<Record<string, string>> = {
  'risk engine': 'RISK_ENGINE',
  'naked-position timer': 'NAKED_POSITION',
  reconciliation: 'RECONCILIATION',
};
const ESS_TRIGGERS = new Set(['TOTAL_LOSS', 'DAILY_DRAWDOWN', 'WEEKLY_DRAWDOWN', 'CONSECUTIVE_LOSSES', 'ORDER_THROTTLE']);
/** The playbook's win-rate window: the last 20 round trips. */
export const WIN_RATE_TRADES = 20;
const TERMINAL_RESULTS: Readonly<Record<string, string>> = { FILLED: 'filled', CANCELED: 'canceled', REJECTED: 'rejected', EXPIRED: 'expired', EXPIRED_IN_MATCH: 'expired' };
/** A code label: the store's codes are upper-case words; anything else is folded. */
const CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

/**
 * Every label value a counter can take, per label: exported at 0 before the first event, so that
 * Prometheus sees a series go from 0 to 1 (`increase()` misses the first event of a series born at 1).
 */
export const KNOWN_LABEL_VALUES = {
  trigger: [...ESS_TRIGGERS, 'EMERGENCY_STOP', ...Object.values(AUTOMATIC_ACTORS)],
  guardrail: [...new Set(Object.values(GUARDRAIL_OF_CODE))],
  result: [...new Set(Object.values(TERMINAL_RESULTS))],
  protective: ['placed', 'rejected'],
  exchangeError: [...API_ERROR_INCIDENTS],
} as const;

/**
 * Orders that reached a terminal status never change again: kept per process, so a scrape asks the
 * store only about orders it has not seen end.
 */
export class TerminalOrderCache {
  readonly results = new Map<string, string>();
}

/** The figures of every account the config trades, at `nowMs`. */
export async function readObservedFigures(loaded: LoadedConfig, store: TradeStore, nowMs: number, cache = new TerminalOrderCache()): Promise<ObservedFigures> {
  const statuses = await statusReport(loaded, store, nowMs);
  const { engine } = createRiskGate(loaded.config);
  const incidents = await store.listIncidents();
  const accounts: AccountFigures[] = [];
  for (const status of statuses) {
    const { account } = status;
    const equity = await store.equityPeakAndLatest(account);
    const peak = equity === undefined ? Number.NaN : Number(equity.peak.equity);
    const runningDrawdownRatio = equity !== undefined && peak > 0 ? Math.max(0, (peak - Number(equity.latest.equity)) / peak) : 0;
    const used = (value: number, limit: number | null): number => (limit !== null && limit > 0 && Number.isFinite(limit) ? value / limit : 0);
    const essTriggers: Record<string, number> = {};
    for (const transition of await store.listTradingStateTransitions(account)) {
      if (transition.state === 'ACTIVE') continue;
      const trigger = essTriggerOf(transition.actor, transition.reason);
      if (trigger !== undefined) bump(essTriggers, trigger);
    }
    const riskGateBlocked: Record<string, number> = {};
    const guardrailRejections: Record<string, number> = {};
    for (const event of await store.listRiskEvents({ account })) {
      if (denialOfRiskEvent(event) === undefined) continue;
      const code = CODE.test(event.code) ? event.code : 'OTHER';
      bump(riskGateBlocked, code);
      const guardrail = GUARDRAIL_OF_CODE[code];
      if (guardrail !== undefined) bump(guardrailRejections, guardrail);
    }
    const intents = await store.listIntents({ account });
    const ordersByResult: Record<string, number> = {};
    const protectiveByResult: Record<string, number> = {};
    for (const intent of intents) {
      let result = cache.results.get(intent.clientOrderId);
      if (result === undefined) {
        const order = await store.getOrder(intent.clientOrderId);
        result = order === undefined ? undefined : TERMINAL_RESULTS[order.status];
        if (result !== undefined) cache.results.set(intent.clientOrderId, result);
      }
      if (result !== undefined) bump(ordersByResult, result);
      if (intent.reduceOnly && result !== undefined) bump(protectiveByResult, result === 'rejected' ? 'rejected' : 'placed');
    }
    const sleeveOf = new Map(intents.map((intent) => [intent.clientOrderId, intent.sleeve]));
    const fills: MetricFill[] = (await store.listFills({ account }))
      .sort((a, b) => a.atMs - b.atMs)
      .map((fill) => ({ sleeve: (fill.clientOrderId !== null ? sleeveOf.get(fill.clientOrderId) : undefined) ?? 'unattributed', symbol: fill.symbol, side: fill.side, quantity: Number(fill.quantity), price: Number(fill.price), fee: Number(fill.fee), atMs: fill.atMs }));
    const trips = roundTrips(fills).sort((a, b) => a.closedAtMs - b.closedAtMs);
    const recent = trips.slice(-WIN_RATE_TRADES);
    let consecutiveLosses = 0;
    for (let index = trips.length - 1; index >= 0 && (trips[index]?.pnl ?? 1) <= 0; index--) consecutiveLosses++;
    const exchangeErrorsByClass: Record<string, number> = {};
    for (const incident of incidents) if (incident.detail.account === account && API_ERROR_INCIDENTS.includes(incident.kind)) bump(exchangeErrorsByClass, incident.kind);
    const guard = (await store.listRiskGuardDecisions({ account })).at(-1);
    accounts.push({
      account,
      status,
      runningDrawdownRatio,
      profileLimitUsedRatio: Math.max(used(status.dayDrawdownPct, status.dayDrawdownLimitPct), used(status.weekDrawdownPct, status.weekDrawdownLimitPct)),
      essTriggers,
      riskGateAllowed: intents.length,
      riskGateBlocked,
      guardrailRejections,
      ordersByResult,
      protectiveByResult,
      exchangeErrorsByClass,
      recentRoundTrips: recent.length,
      winRateRatio: recent.length === 0 ? null : tradeStats(recent).winRatePct / 100,
      consecutiveLosses,
      maxPositions: engine.profileOf(account).maxPositions ?? null,
      riskGuardDecision: guard?.decision ?? null,
    });
  }
  return { accounts, globalRiskStatus: globalRiskStatusOf(accounts), failoverSwitches: await failoverSwitchCounts(loaded.config, store) };
}

/** The trigger label of an automatic halt or reduction; undefined for an operator's command. */
export function essTriggerOf(actor: string, reason: string): string | undefined {
  if (actor === 'emergency stop') {
    const trigger = /^emergency stop ([A-Z_]+):/.exec(reason)?.[1];
    return trigger !== undefined && ESS_TRIGGERS.has(trigger) ? trigger : 'EMERGENCY_STOP';
  }
  return AUTOMATIC_ACTORS[actor];
}

export function globalRiskStatusOf(accounts: readonly Pick<AccountFigures, 'status' | 'profileLimitUsedRatio'>[]): GlobalRiskStatus {
  if (accounts.some((figures) => figures.status.tradingState === 'HALTED' || figures.profileLimitUsedRatio >= 1)) return GlobalRiskStatus.CRITICAL;
  if (accounts.some((figures) => figures.status.tradingState === 'REDUCING' || figures.profileLimitUsedRatio >= 0.8)) return GlobalRiskStatus.WARNING;
  return GlobalRiskStatus.OK;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
