import type { Clock } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { ExchangeHealthRecord, FailoverEventRecord, JsonObject, TradeStore } from '../../ports/tradeStore.ts';
import { ExchangeHealth, type CircuitStateName, type ExchangeHealthSnapshot } from './exchangeHealth.ts';
import { FailoverEventKind, type FailoverEvent } from './failoverEvent.ts';
import { decideFailover, type FailoverSettings, type SleeveRoute, type SleeveRouting } from './failoverPolicy.ts';
import type { HealthThresholds } from './healthThresholds.ts';

export interface VenueAccount {
  readonly account: string;
  readonly venue: string;
}

export interface FailoverCoordinatorDeps {
  readonly routes: readonly SleeveRoute[];
  readonly settings: FailoverSettings;
  readonly thresholds: HealthThresholds;
  readonly accounts: readonly VenueAccount[];
  readonly store: Pick<TradeStore, 'recordExchangeHealth' | 'recordFailoverEvent' | 'listFailoverEvents' | 'recordIncident'>;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Who the policy's events are stored as (`runner@host:pid`). */
  readonly actor: string;
  /** The circuit breaker and ban of an account's gateway, where its adapter reports them. */
  readonly requestStatus?: (account: string) => { readonly circuit: CircuitStateName; readonly bannedUntilMs: number | null } | undefined;
  /** A health snapshot is stored on each state change and at least this often, ms. */
  readonly snapshotEveryMs?: number;
}

/** Events an operator must hear about at once. */
const ALERTS: ReadonlySet<string> = new Set([FailoverEventKind.ENTRIES_STOPPED, FailoverEventKind.NOT_READY]);

/**
 * One process's picture of its venue accounts and its sleeves' routing: keeps an ExchangeHealth per
 * account (fed by healthRecordingGateway), and at each evaluation stores the health snapshots, runs
 * the failover policy per sleeve over the stored events (so an ack from another process counts),
 * and stores, logs and alerts on every event it produces.
 */
export class FailoverCoordinator {
  private readonly healthByAccount = new Map<string, ExchangeHealth>();
  private readonly lastStored = new Map<string, { state: string; atMs: number }>();
  private readonly routings = new Map<string, SleeveRouting>();
  private latest = new Map<string, ExchangeHealthSnapshot>();

  constructor(private readonly deps: FailoverCoordinatorDeps) {
    const nowMs = deps.clock.nowMs();
    for (const { account, venue } of deps.accounts) this.healthByAccount.set(account, new ExchangeHealth(account, venue, deps.thresholds, nowMs));
  }

  /** The health tracker of an account (to feed from its gateway). */
  health(account: string): ExchangeHealth {
    const health = this.healthByAccount.get(account);
    if (health === undefined) throw new RangeError(`no venue account "${account}" is routed (known: ${[...this.healthByAccount.keys()].join(', ')})`);
    return health;
  }

  /** Latest routing of a sleeve (after the last evaluation). */
  routing(sleeve: string): SleeveRouting | undefined {
    return this.routings.get(sleeve);
  }

  /** Whether an account counts as failed now (DOWN, or DEGRADED for the configured time), by its last snapshot. */
  failed(account: string): boolean {
    const snapshot = this.latest.get(account);
    if (snapshot === undefined) return false;
    return snapshot.state === 'DOWN' || (snapshot.state === 'DEGRADED' && snapshot.atMs - snapshot.stateSinceMs >= this.deps.settings.degradedForMs);
  }

  snapshots(): ExchangeHealthSnapshot[] {
    return [...this.latest.values()];
  }

  /**
   * Judges every account's health now, stores what changed, and routes each sleeve. `holder` names the
   * account holding a sleeve's open position (undefined when flat everywhere).
   */
  async evaluate(holder: (sleeve: string) => string | undefined): Promise<FailoverEvent[]> {
    const nowMs = this.deps.clock.nowMs();
    const latest = new Map<string, ExchangeHealthSnapshot>();
    for (const [account, health] of this.healthByAccount) {
      const status = this.deps.requestStatus?.(account);
      if (status !== undefined) {
        health.onCircuit(status.circuit);
        health.onBan(status.bannedUntilMs);
      }
      const snapshot = health.snapshot(nowMs);
      latest.set(account, snapshot);
      await this.storeSnapshot(snapshot);
    }
    this.latest = latest;
    const produced: FailoverEvent[] = [];
    for (const route of this.deps.routes) {
      const stored = (await this.deps.store.listFailoverEvents({ sleeve: route.sleeve })).map((record) => ({ ...record, kind: record.kind as FailoverEvent['kind'] }));
      const decision = decideFailover({ route, settings: this.deps.settings, events: stored, nowMs, health: (account) => latest.get(account), holder: holder(route.sleeve), actor: this.deps.actor });
      for (const event of decision.events) await this.publish(event);
      this.routings.set(route.sleeve, decision.routing);
      produced.push(...decision.events);
    }
    return produced;
  }

  private async storeSnapshot(snapshot: ExchangeHealthSnapshot): Promise<void> {
    const key = `${snapshot.account}\u0000${snapshot.venue}`;
    const last = this.lastStored.get(key);
    if (last !== undefined && last.state === snapshot.state && snapshot.atMs - last.atMs < (this.deps.snapshotEveryMs ?? 60_000)) return;
    if (last !== undefined && last.state !== snapshot.state) {
      this.deps.logger.warn('exchange_health_changed', { account: snapshot.account, venue: snapshot.venue, previousState: last.state, state: snapshot.state, reason: snapshot.reasons.join('; ') });
    }
    const { account, venue, atMs, state, ...rest } = snapshot;
    const record: ExchangeHealthRecord = { account, venue, atMs, state, detail: JSON.parse(JSON.stringify(rest)) as JsonObject };
    await this.deps.store.recordExchangeHealth(record);
    this.lastStored.set(key, { state, atMs });
  }

  private async publish(event: FailoverEvent): Promise<void> {
    const record: FailoverEventRecord = { ...event };
    await this.deps.store.recordFailoverEvent(record);
    const fields = { sleeve: event.sleeve, account: event.account, kind: event.kind, fromAccount: event.fromAccount, toAccount: event.toAccount, reason: event.reason };
    if (ALERTS.has(event.kind)) {
      this.deps.logger.error(event.kind === FailoverEventKind.ENTRIES_STOPPED ? 'alert_failover_entries_stopped' : 'alert_position_not_ready', fields);
      await this.deps.store.recordIncident({ atMs: event.atMs, kind: `FAILOVER_${event.kind}`, severity: 'CRITICAL', detail: { account: event.account, sleeve: event.sleeve, reason: event.reason } });
    } else {
      this.deps.logger.warn('failover_event', fields);
    }
  }
}
