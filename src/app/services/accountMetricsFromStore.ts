import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { OPERATOR_COMMAND_INCIDENT } from '../../engine/live/flattenRequests.ts';
import { API_ERROR_INCIDENTS, accountMetrics, type AccountMetrics, type AccountRecord, type MetricFill, type OperationsRecord } from '../../ops/liveMetrics/index.ts';
import type { IncidentRecord, OrderIntentRecord, TradeStore } from '../../ports/tradeStore.ts';
import { resolveProfile } from '../../risk/index.ts';
import type { RampartConfig } from '../config/configSchema.ts';

/** A sleeve name for fills whose order is not one of ours (an external trade the reconciliation met). */
export const UNATTRIBUTED_SLEEVE = 'unattributed';

/** Whether an incident concerns `account` (incidents carry it in their detail). */
export function incidentOfAccount(incident: IncidentRecord, account: string): boolean {
  return incident.detail.account === account;
}

/** Flatten events of the account: every flatten request (rampart flatten, kill --flatten, the emergency stop's HALT, FLATTEN_ALL) and emergency-stop HALTs. */
export function isFlattenEvent(incident: IncidentRecord): boolean {
  return (incident.kind === OPERATOR_COMMAND_INCIDENT && incident.detail.command === 'flatten') || (incident.kind === 'EMERGENCY_STOP' && incident.detail.state === 'HALTED');
}

/**
 * The account's fills up to `toMs` as the metrics read them, each attributed to the sleeve of the
 * intent it filled (UNATTRIBUTED_SLEEVE for an order that is not ours) and carrying that intent's
 * reference price when it kept one (realised slippage is measured from it).
 */
export async function attributedFills(store: TradeStore, account: string, intents: readonly OrderIntentRecord[], toMs?: number): Promise<MetricFill[]> {
  const intentOf = new Map(intents.map((intent) => [intent.clientOrderId, intent]));
  return (await store.listFills({ account, ...(toMs !== undefined ? { toMs } : {}) })).map((fill) => {
    const intent = fill.clientOrderId !== null ? intentOf.get(fill.clientOrderId) : undefined;
    return {
      sleeve: intent?.sleeve ?? UNATTRIBUTED_SLEEVE,
      symbol: fill.symbol,
      side: fill.side,
      quantity: Number(fill.quantity),
      price: Number(fill.price),
      fee: Number(fill.fee),
      atMs: fill.atMs,
      ...(intent?.referencePrice !== undefined ? { referencePrice: Number(intent.referencePrice) } : {}),
    };
  });
}

/**
 * The account's stored funding payments up to `toMs` as the metrics read them (paid positive: the
 * store keeps the venue's income sign) and the config's assumed rate per interval they are compared with.
 */
export async function fundingRecord(store: TradeStore, config: RampartConfig, account: string, toMs?: number): Promise<Required<Pick<AccountRecord, 'fundingPayments' | 'assumedFundingRatePerInterval'>>> {
  const payments = await store.listFundingPayments({ account, ...(toMs !== undefined ? { toMs } : {}) });
  return {
    fundingPayments: payments.map((payment) => ({ atMs: payment.atMs, amount: -Number(payment.income), symbol: payment.symbol })),
    assumedFundingRatePerInterval: config.funding.enabled ? config.funding.constantRateBps / 10_000 : 0,
  };
}

/** The times of the account's API failures among incidents (the one definition of the figure). */
export function apiFailureTimes(incidents: readonly IncidentRecord[]): number[] {
  return incidents.filter((incident) => API_ERROR_INCIDENTS.includes(incident.kind)).map((incident) => incident.atMs);
}

/**
 * Reads what the live metrics need of one account from the trade store: equity snapshots, fills
 * attributed to the sleeve of the intent they filled, incidents, risk events, intents and how each
 * order ended. The record runs from the account's first snapshot or fill (the stage start: the store
 * keeps no stage history of its own yet).
 */
export async function readAccountRecords(store: TradeStore, config: RampartConfig, account: string): Promise<{ record: AccountRecord; operations: OperationsRecord }> {
  const snapshots = (await store.listEquitySnapshots(account)).map((snapshot) => ({ atMs: snapshot.atMs, equity: Number(snapshot.equity) }));
  const intents = await store.listIntents({ account });
  const fills = await attributedFills(store, account, intents);
  const funding = await fundingRecord(store, config, account);
  const incidents = (await store.listIncidents()).filter((incident) => incidentOfAccount(incident, account));
  const orders = new Map<string, { status: string; rested: boolean }>();
  for (const intent of intents) {
    const history = await store.orderHistory(intent.clientOrderId);
    const last = history[history.length - 1];
    if (last === undefined) continue;
    orders.set(intent.clientOrderId, { status: last.status, rested: history.some((entry) => entry.status === 'NEW' && Number(entry.filledQuantity) === 0) });
  }
  const record: AccountRecord = {
    equitySnapshots: snapshots,
    fills,
    sleeves: config.sleeves.filter((sleeve) => sleeve.account === account).map((sleeve) => sleeve.name),
    // The record's start: its first snapshot or fill, whichever is earlier (a paper catch-up stores fills at their bars' times, before the evaluation's snapshot).
    stageStartedAtMs: recordStartMs([...snapshots, ...fills]) ?? 0,
    flattenEventsAtMs: incidents.filter(isFlattenEvent).map((incident) => incident.atMs),
    apiFailuresAtMs: apiFailureTimes(incidents),
    assumedSlippageBps: config.execution.slippageBps,
    assumedFeeBps: config.execution.feeBps,
    ...funding,
  };
  const operations: OperationsRecord = {
    riskEvents: (await store.listRiskEvents({ account })).map((event) => ({ atMs: event.atMs, code: event.code })),
    intents: intents.map((intent) => ({ atMs: intent.createdAtMs, reduceOnly: intent.reduceOnly, clientOrderId: intent.clientOrderId })),
    orders,
    incidents: incidents.map((incident) => ({ atMs: incident.atMs, kind: incident.kind })),
    snapshotTimesMs: snapshots.map((snapshot) => snapshot.atMs),
    fundingPayments: funding.fundingPayments,
  };
  return { record, operations };
}

/**
 * Whether the store holds any record of the account up to `toMs`: an equity snapshot or a fill. Without
 * one there is nothing to judge or report (every figure would read "not measured"), so the risk guard
 * decides nothing for it and the reports say so instead.
 */
export async function hasAccountRecord(store: TradeStore, account: string, toMs?: number): Promise<boolean> {
  const range = toMs !== undefined ? { toMs } : {};
  return (await store.listEquitySnapshots(account, range)).length > 0 || (await store.listFills({ account, ...range })).length > 0;
}

/** The sentence for accounts the store holds no record of. */
export function noRecordYet(accounts: readonly string[]): string {
  return `no record yet for ${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')}: the trade store holds no equity snapshot or fill (the paper or live runner stores one per bar)`;
}

/** The earliest time among the rows; undefined for none. */
export function recordStartMs(rows: ReadonlyArray<{ readonly atMs: number }>): number | undefined {
  let earliest: number | undefined;
  for (const row of rows) if (earliest === undefined || row.atMs < earliest) earliest = row.atMs;
  return earliest;
}

/** The accounts the config trades, sorted. */
export function tradedAccounts(config: RampartConfig): string[] {
  return [...new Set(config.sleeves.map((sleeve) => sleeve.account))].sort();
}

/** One account's metrics at `nowMs` from the store, with its profile's daily and weekly limits (the config given is the one with the profiles in force). */
export async function accountMetricsFromStore(store: TradeStore, config: RampartConfig, account: string, nowMs: number, windowDays = 30): Promise<AccountMetrics> {
  const { record, operations } = await readAccountRecords(store, config, account);
  const profile = resolveProfile(config.risk.accounts[account], config.risk.profiles, `risk.accounts.${account}`);
  return accountMetrics({ account, record, operations, limits: { dailyPct: profile.dailyDrawdownPct, weeklyPct: profile.weeklyDrawdownPct }, barMs: timeframeToMs(config.data.timeframe), windowDays }, nowMs);
}
