import { replayFailoverEvents, SWITCH_KINDS, type FailoverEvent, type FailoverEventKind, type SleeveRoute } from '../../engine/failover/index.ts';
import type { ExchangeHealthRecord, FailoverEventRecord, JsonObject, TradeStore } from '../../ports/tradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import type { RampartConfig } from '../config/configSchema.ts';

const HOUR_MS = 3_600_000;

/** Every sleeve's route: its account as primary, the routing table's fallbacks (none when unrouted). */
export function sleeveRoutes(config: Pick<RampartConfig, 'sleeves' | 'routing'>): SleeveRoute[] {
  return config.sleeves.map((sleeve) => ({ sleeve: sleeve.name, primary: sleeve.account, fallbacks: config.routing.sleeves[sleeve.name]?.fallbacks ?? [] }));
}

export interface AccountHealthRow {
  readonly account: string;
  readonly venue: string;
  readonly state: ExchangeHealthRecord['state'];
  /** When the snapshot was taken, and how old it is now. */
  readonly atMs: number;
  readonly ageMs: number;
  readonly detail: JsonObject;
}

export interface SleeveRoutingRow {
  readonly sleeve: string;
  readonly primary: string;
  readonly fallbacks: readonly string[];
  /** Where new entries go now. */
  readonly activeAccount: string;
  readonly entriesStopped: boolean;
  /** The account holding a position it cannot reach, when one does. */
  readonly notReadyOn: string | null;
  readonly switchesLastHour: number;
  readonly lastEvent: FailoverEventRecord | null;
}

export interface ExchangesStatus {
  readonly atMs: number;
  /** Latest snapshot per account and venue; accounts the config routes to with none are listed as never seen. */
  readonly accounts: AccountHealthRow[];
  readonly neverSeen: string[];
  readonly sleeves: SleeveRoutingRow[];
  /** The daily check's "no failover active": false when every sleeve trades its primary and none is stopped. */
  readonly failoverActive: boolean;
}

/** `rampart exchanges status`: exchange health and sleeve routing as the store has them (any process may ask). */
export async function exchangesStatus(config: RampartConfig, store: TradeStore, nowMs: number): Promise<ExchangesStatus> {
  const latest = new Map<string, ExchangeHealthRecord>();
  for (const record of await store.listExchangeHealth()) latest.set(`${record.account}\u0000${record.venue}`, record);
  const accounts = [...latest.values()]
    .sort((a, b) => a.account.localeCompare(b.account) || a.venue.localeCompare(b.venue))
    .map((record) => ({ account: record.account, venue: record.venue, state: record.state, atMs: record.atMs, ageMs: nowMs - record.atMs, detail: record.detail }));
  const routes = sleeveRoutes(config);
  const routed = [...new Set(routes.flatMap((route) => [route.primary, ...route.fallbacks]))].sort();
  const events = await store.listFailoverEvents();
  const sleeves = routes.map((route) => {
    const own = events.filter((event) => event.sleeve === route.sleeve);
    const state = replayFailoverEvents(route, own.map(asFailoverEvent));
    return {
      sleeve: route.sleeve,
      primary: route.primary,
      fallbacks: route.fallbacks,
      activeAccount: state.active,
      entriesStopped: state.entriesStopped,
      notReadyOn: state.notReadyOn ?? null,
      switchesLastHour: own.filter((event) => SWITCH_KINDS.has(event.kind as FailoverEventKind) && event.atMs > nowMs - HOUR_MS).length,
      lastEvent: own.at(-1) ?? null,
    };
  });
  return {
    atMs: nowMs,
    accounts,
    neverSeen: routed.filter((account) => !accounts.some((row) => row.account === account)),
    sleeves,
    failoverActive: sleeves.some((sleeve) => sleeve.activeAccount !== sleeve.primary || sleeve.entriesStopped || sleeve.notReadyOn !== null),
  };
}

/** A stored event as the policy reads it. */
export function asFailoverEvent(record: FailoverEventRecord): FailoverEvent {
  return { ...record, kind: record.kind as FailoverEventKind };
}

/**
 * `rampart exchanges ack --sleeve S`: the operator's acknowledgement of a sleeve whose new entries
 * stopped after repeated switches; its runner resumes entries at its next evaluation.
 */
export async function acknowledgeFailover(input: { config: RampartConfig; store: TradeStore; sleeve: string; reason: string; actor: string; nowMs: number }): Promise<FailoverEventRecord> {
  const route = sleeveRoutes(input.config).find((each) => each.sleeve === input.sleeve);
  if (route === undefined) throw new InputError(`--sleeve must name a sleeve of the config (${input.config.sleeves.map((sleeve) => sleeve.name).join(', ')}), was "${input.sleeve}"`, { keyPath: '--sleeve', value: input.sleeve });
  if (input.reason.trim() === '') throw new InputError('--reason must say why the switches are understood, was empty', { keyPath: '--reason', value: input.reason });
  const state = replayFailoverEvents(route, (await input.store.listFailoverEvents({ sleeve: route.sleeve })).map(asFailoverEvent));
  if (!state.entriesStopped) throw new InputError(`sleeve ${route.sleeve} has no stopped entries to acknowledge (it routes entries to ${state.active})`, { keyPath: '--sleeve', value: input.sleeve });
  const event: FailoverEventRecord = { atMs: input.nowMs, sleeve: route.sleeve, account: route.primary, kind: 'ACKNOWLEDGED', fromAccount: null, toAccount: null, reason: input.reason, actor: input.actor };
  await input.store.recordFailoverEvent(event);
  return event;
}

/** The status as an operator reads it. */
export function formatExchangesStatus(status: ExchangesStatus): string {
  const lines = ['exchanges (latest health per account):'];
  if (status.accounts.length === 0) lines.push('  no health recorded yet: no runner has reported');
  for (const row of status.accounts) {
    const reasons = Array.isArray(row.detail.reasons) ? row.detail.reasons.join('; ') : '';
    const latency = row.detail.latencyMs as { p95?: number | null } | undefined;
    const errorRatio = typeof row.detail.errorRatio === 'number' ? `${Math.round(row.detail.errorRatio * 1000) / 10}%` : '-';
    lines.push(
      `  ${row.account.padEnd(10)} ${row.venue.padEnd(12)} ${row.state.padEnd(9)} errors ${errorRatio.padEnd(6)} p95 ${latency?.p95 ?? '-'} ms  clock ${row.detail.clockOffsetMs ?? '-'} ms  circuit ${row.detail.circuit ?? '-'}  (${Math.round(row.ageMs / 1000)} s ago)${reasons ? `  ${reasons}` : ''}`,
    );
  }
  for (const account of status.neverSeen) lines.push(`  ${account.padEnd(10)} never reported`);
  lines.push('sleeves:');
  for (const sleeve of status.sleeves) {
    const route = [sleeve.primary, ...sleeve.fallbacks].join(' → ');
    const entries = sleeve.entriesStopped ? 'ENTRIES STOPPED (rampart exchanges ack)' : `entries → ${sleeve.activeAccount}${sleeve.activeAccount !== sleeve.primary ? ' (FAILOVER)' : ''}`;
    lines.push(`  ${sleeve.sleeve.padEnd(12)} ${route.padEnd(24)} ${entries}  switches in the last hour: ${sleeve.switchesLastHour}${sleeve.notReadyOn ? `  NOT_READY: position on ${sleeve.notReadyOn} unreachable` : ''}`);
    if (sleeve.lastEvent) lines.push(`    last: ${new Date(sleeve.lastEvent.atMs).toISOString()} ${sleeve.lastEvent.kind} ${sleeve.lastEvent.reason}`);
  }
  lines.push(status.failoverActive ? 'failover active' : 'no failover active');
  return lines.join('\n');
}
