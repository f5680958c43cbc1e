import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LockLostError } from '../../../domain/errors/lockLostError.ts';
import type {
  AcquireLockOptions,
  ApplyFillResult,
  EquityPeakAndLatest,
  EquitySnapshotRecord,
  FillRecord,
  GoLiveRecord,
  GoLiveRecordKind,
  IncidentRecord,
  RiskGuardDecisionRecord,
  FundingPaymentRecord,
  ExchangeHealthRecord,
  FailoverEventRecord,
  ProfileAssignmentRecord,
  RiskStageRecord,
  IntentBeforeSend,
  IntentState,
  LockResult,
  OrderHistoryEntry,
  OrderIntentRecord,
  OrderRecord,
  OrderUpdate,
  PositionRecord,
  RiskEventRecord,
  SignalRecord,
  TimeRange,
  TradeStore,
  TradingStateChange,
  TradingStateTransition,
} from '../../../ports/tradeStore.ts';
import { TERMINAL_ORDER_STATUSES } from '../../../ports/tradeStore.ts';
import { mayTakeLock, validateFencingToken } from '../mayTakeLock.ts';
import { nextPosition } from '../nextPosition.ts';
import * as map from '../rowMappers.ts';
import type { Row } from '../rowMappers.ts';
import {
  validateEquitySnapshot,
  validateFill,
  validateGoLiveRecord,
  validateIncident,
  validateRiskGuardDecision,
  validateFundingPayment,
  validateExchangeHealth,
  validateFailoverEvent,
  validateProfileAssignment,
  validateRiskStage,
  validateIntent,
  validateIntentState,
  validateLockArguments,
  validateOrderUpdate,
  validateRiskEvent,
  validateSignal,
  validateTradingStateChange,
  validateIntentBeforeSend,
} from '../validateRecord.ts';
import { whereClause, type Condition } from '../whereClause.ts';
import { inEffectOrder, inForce } from '../tradingStateTimeline.ts';
import { sqliteMigrations } from './sqliteMigrations.ts';

export interface SqliteTradeStoreOptions {
  /** Database file; its directory is created when missing. */
  path: string;
  /** How long a write waits for another process's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

const TERMINAL_LIST = TERMINAL_ORDER_STATUSES.map((status) => `'${status}'`).join(', ');

/** Placeholder for better-sqlite3: positional `?`. */
const question = (): string => '?';

const INSERT_INTENT = `INSERT INTO order_intents (client_order_id, account, sleeve, symbol, strategy, side, quantity, price,
    reduce_only, created_at_ms, state, state_changed_at_ms, reference_price)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_order_id) DO NOTHING`;
const INSERT_ORDER_EVENT = `INSERT INTO order_events (client_order_id, account, symbol, venue_order_id, status, filled_quantity,
    average_price, at_ms, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPSERT_ORDER = `INSERT INTO orders (client_order_id, account, symbol, venue_order_id, status, filled_quantity,
    average_price, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (client_order_id) DO UPDATE SET
    venue_order_id = COALESCE(excluded.venue_order_id, orders.venue_order_id),
    status = excluded.status, filled_quantity = excluded.filled_quantity,
    average_price = excluded.average_price, updated_at_ms = excluded.updated_at_ms
  RETURNING *`;
const INSERT_EQUITY_SNAPSHOT = 'INSERT INTO equity_snapshots (account, at_ms, equity, wallet_balance, unrealized_pnl) VALUES (?, ?, ?, ?, ?)';
const SELECT_INTENT = 'SELECT * FROM order_intents WHERE client_order_id = ?';
const SELECT_ORDER = 'SELECT * FROM orders WHERE client_order_id = ?';
// The two latest in time: the one in force and the one it replaced (see inEffectOrder).
const SELECT_TRADING_STATE = 'SELECT * FROM trading_state_transitions WHERE account = ? ORDER BY at_ms DESC, sequence DESC LIMIT 2';
const HEARTBEAT = 'UPDATE runner_locks SET heartbeat_at_ms = ? WHERE name = ? AND owner = ?';
const HEARTBEAT_FENCED = 'UPDATE runner_locks SET heartbeat_at_ms = ? WHERE name = ? AND owner = ? AND token = ?';
const SELECT_LOCK = 'SELECT * FROM runner_locks WHERE name = ?';
/** The statements of a live bar, compiled when the store opens rather than on the first bar's decision path. */
const DECISION_PATH_STATEMENTS = [INSERT_INTENT, INSERT_ORDER_EVENT, UPSERT_ORDER, INSERT_EQUITY_SNAPSHOT, SELECT_INTENT, SELECT_ORDER, SELECT_TRADING_STATE, HEARTBEAT, HEARTBEAT_FENCED, SELECT_LOCK];

/** A lock a fenced view's writes check: still held with this token. */
interface Fence {
  readonly name: string;
  readonly token: number;
}

/**
 * The default trade store: one SQLite file in WAL mode with synchronous=FULL, so a commit survives a
 * SIGKILL or power cut (the lock heartbeat alone commits without an fsync: see heartbeat). better-sqlite3 is synchronous, so every write below is one transaction that no
 * other call in this process can interleave; BEGIN IMMEDIATE takes the write lock up front so a second
 * process waits (busy_timeout) instead of failing mid-transaction.
 */
export class SqliteTradeStore implements TradeStore {
  private constructor(
    private readonly db: Database.Database,
    /** Locks every write checks first, inside its transaction (a fenced view); none for the store itself. */
    private readonly fences: readonly Fence[] = [],
    /** Compiled statements by SQL text: each is prepared once per connection, not on every call. */
    private readonly statements = new Map<string, Database.Statement>(),
  ) {}

  /** Opens (creating when absent) the database file and applies pending migrations. */
  static async open(options: SqliteTradeStoreOptions): Promise<SqliteTradeStore> {
    mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    try {
      db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`SQLite refused WAL mode for ${options.path}, was ${String(mode)}`);
      db.pragma('synchronous = FULL');
      const store = new SqliteTradeStore(db);
      await store.migrate();
      for (const sql of DECISION_PATH_STATEMENTS) store.statement(sql);
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * A consistent copy of the whole database at `path` while the store stays in use (SQLite's online
   * backup API: pages copied in steps, restarted when another connection writes meanwhile).
   */
  async backupTo(path: string): Promise<void> {
    await this.db.backup(path);
  }

  /** The connection's durability settings, for status output and tests. */
  settings(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'; busyTimeoutMs: number } {
    const synchronous = Number(this.db.pragma('synchronous', { simple: true }));
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[synchronous],
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  /** PRAGMA integrity_check: 'ok' when the file is sound, otherwise the problems found. */
  integrityCheck(): string {
    const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).join('\n');
  }

  async migrate(): Promise<{ applied: number[] }> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT',
    );
    const applied: number[] = [];
    const ordered = [...sqliteMigrations].sort((a, b) => a.version - b.version);
    for (const migration of ordered) {
      const ran = this.db
        .transaction(() => {
          const done = this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
          if (done) return false;
          this.db.exec(migration.sql);
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, Date.now());
          return true;
        })
        .immediate();
      if (ran) applied.push(migration.version);
    }
    return { applied };
  }

  async schemaVersion(): Promise<number> {
    const row = this.statement('SELECT MAX(version) AS version FROM schema_migrations').get() as Row;
    return Number(row.version ?? 0);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async recordIntent(intent: OrderIntentRecord): Promise<{ created: boolean }> {
    validateIntent(intent);
    return { created: this.write(() => this.insertIntent(intent)) };
  }

  async recordIntentBeforeSend(record: IntentBeforeSend): Promise<{ created: boolean }> {
    validateIntentBeforeSend(record);
    const { intent, order, equitySnapshot } = record;
    // One transaction, so one fsync before the send, however many rows ride along.
    return this.db
      .transaction(() => {
        this.checkFences();
        if (equitySnapshot !== undefined) this.insertEquitySnapshot(equitySnapshot);
        const created = this.insertIntent(intent);
        this.upsertOrder(order);
        return { created };
      })
      .immediate();
  }

  async setIntentState(clientOrderId: string, state: IntentState, atMs: number): Promise<boolean> {
    validateIntentState(state, atMs);
    const info = this.write(() => this.statement('UPDATE order_intents SET state = ?, state_changed_at_ms = ? WHERE client_order_id = ?')
      .run(state, atMs, clientOrderId));
    return info.changes === 1;
  }

  async getIntent(clientOrderId: string): Promise<OrderIntentRecord | undefined> {
    const row = this.statement(SELECT_INTENT).get(clientOrderId) as Row | undefined;
    return row && map.toIntent(row);
  }

  async listIntents(filter: { account?: string; state?: IntentState } = {}): Promise<OrderIntentRecord[]> {
    return this.select('order_intents', [['account', '=', filter.account], ['state', '=', filter.state]], 'created_at_ms, client_order_id').map(map.toIntent);
  }

  async recordOrderUpdate(update: OrderUpdate): Promise<OrderRecord> {
    validateOrderUpdate(update);
    return this.db
      .transaction(() => {
        this.checkFences();
        return this.upsertOrder(update);
      })
      .immediate();
  }

  async getOrder(clientOrderId: string): Promise<OrderRecord | undefined> {
    const row = this.statement(SELECT_ORDER).get(clientOrderId) as Row | undefined;
    return row && map.toOrder(row);
  }

  async orderHistory(clientOrderId: string): Promise<OrderHistoryEntry[]> {
    return this.select('order_events', [['client_order_id', '=', clientOrderId]], 'sequence').map(map.toOrderHistoryEntry);
  }

  async listOpenOrders(account?: string): Promise<OrderRecord[]> {
    const where = whereClause([['account', '=', account]], question);
    const rows = this.statement(
      `SELECT * FROM orders ${where.sql ? `${where.sql} AND` : 'WHERE'} status NOT IN (${TERMINAL_LIST})
       ORDER BY updated_at_ms, client_order_id`,
    ).all(...where.params) as Row[];
    return rows.map(map.toOrder);
  }

  async applyFill(fill: FillRecord): Promise<ApplyFillResult> {
    validateFill(fill);
    return this.db
      .transaction((): ApplyFillResult => {
        this.checkFences();
        const inserted = this.statement(
          `INSERT INTO fills (account, symbol, trade_id, client_order_id, venue_order_id, side, quantity, price, fee, at_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, symbol, trade_id) DO NOTHING`,
        ).run(
          fill.account, fill.symbol, fill.tradeId, fill.clientOrderId, fill.venueOrderId, fill.side,
          fill.quantity, fill.price, fill.fee, fill.atMs,
        );
        const previous = this.positionRow(fill.account, fill.symbol);
        if (inserted.changes === 0) {
          if (!previous) throw new Error(`fill ${fill.tradeId} of ${fill.account} ${fill.symbol} is stored but its position is missing`);
          return { applied: false, position: previous };
        }
        const position = nextPosition(previous, fill);
        this.statement(
          `INSERT INTO positions (account, symbol, quantity, entry_price, realized_pnl, updated_at_ms)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (account, symbol) DO UPDATE SET quantity = excluded.quantity,
             entry_price = excluded.entry_price, realized_pnl = excluded.realized_pnl,
             updated_at_ms = excluded.updated_at_ms`,
        ).run(position.account, position.symbol, position.quantity, position.entryPrice, position.realizedPnl, position.updatedAtMs);
        return { applied: true, position };
      })
      .immediate();
  }

  async listFills(filter: { account?: string; symbol?: string } & TimeRange = {}): Promise<FillRecord[]> {
    return this.select(
      'fills',
      [['account', '=', filter.account], ['symbol', '=', filter.symbol], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]],
      'sequence',
    ).map(map.toFill);
  }

  async getPosition(account: string, symbol: string): Promise<PositionRecord | undefined> {
    return this.positionRow(account, symbol);
  }

  async listPositions(account?: string): Promise<PositionRecord[]> {
    return this.select('positions', [['account', '=', account]], 'account, symbol').map(map.toPosition);
  }

  async recordEquitySnapshot(snapshot: EquitySnapshotRecord): Promise<void> {
    validateEquitySnapshot(snapshot);
    this.write(() => this.insertEquitySnapshot(snapshot));
  }

  async listEquitySnapshots(account: string, range: TimeRange = {}): Promise<EquitySnapshotRecord[]> {
    return this.select(
      'equity_snapshots',
      [['account', '=', account], ['at_ms', '>=', range.fromMs], ['at_ms', '<=', range.toMs]],
      'at_ms, sequence',
    ).map(map.toEquitySnapshot);
  }

  async equityPeakAndLatest(account: string): Promise<EquityPeakAndLatest | undefined> {
    // Equity is stored as decimal text: ordered by its value, not its spelling.
    const peak = this.statement('SELECT * FROM equity_snapshots WHERE account = ? ORDER BY CAST(equity AS REAL) DESC, sequence LIMIT 1').get(account) as Row | undefined;
    const latest = this.statement('SELECT * FROM equity_snapshots WHERE account = ? ORDER BY at_ms DESC, sequence DESC LIMIT 1').get(account) as Row | undefined;
    return peak === undefined || latest === undefined ? undefined : { peak: map.toEquitySnapshot(peak), latest: map.toEquitySnapshot(latest) };
  }

  async recordRiskEvent(event: RiskEventRecord): Promise<void> {
    validateRiskEvent(event);
    this.write(() => this.statement('INSERT INTO risk_events (account, at_ms, code, symbol, strategy, client_order_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(event.account, event.atMs, event.code, event.symbol, event.strategy, event.clientOrderId, JSON.stringify(event.detail)));
  }

  async listRiskEvents(filter: { account?: string } & TimeRange = {}): Promise<RiskEventRecord[]> {
    return this.select(
      'risk_events',
      [['account', '=', filter.account], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]],
      'at_ms, sequence',
    ).map(map.toRiskEvent);
  }

  async recordTradingState(change: TradingStateChange): Promise<TradingStateTransition> {
    validateTradingStateChange(change);
    return this.db
      .transaction(() => {
        this.checkFences();
        const row = this.statement(
          `INSERT INTO trading_state_transitions (account, at_ms, previous_state, state, reason, actor)
           VALUES (?, ?, (SELECT state FROM trading_state_transitions WHERE account = ? AND at_ms <= ? ORDER BY at_ms DESC, sequence DESC LIMIT 1), ?, ?, ?)
           RETURNING *`,
        ).get(change.account, change.atMs, change.account, change.atMs, change.state, change.reason, change.actor) as Row;
        return map.toTradingStateTransition(row);
      })
      .immediate();
  }

  async loadTradingState(account: string): Promise<TradingStateTransition | undefined> {
    const rows = this.statement(SELECT_TRADING_STATE).all(account) as Row[];
    return inForce(rows.reverse().map(map.toTradingStateTransition));
  }

  async listTradingStateTransitions(account: string): Promise<TradingStateTransition[]> {
    return inEffectOrder(this.select('trading_state_transitions', [['account', '=', account]], 'sequence').map(map.toTradingStateTransition));
  }

  async recordSignal(signal: SignalRecord): Promise<void> {
    validateSignal(signal);
    this.write(() => this.statement('INSERT INTO signals (at_ms, sleeve, symbol, strategy, target, confidence) VALUES (?, ?, ?, ?, ?, ?)')
      .run(signal.atMs, signal.sleeve, signal.symbol, signal.strategy, signal.target, signal.confidence));
  }

  async listSignals(filter: { sleeve?: string; symbol?: string } & TimeRange = {}): Promise<SignalRecord[]> {
    return this.select(
      'signals',
      [['sleeve', '=', filter.sleeve], ['symbol', '=', filter.symbol], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]],
      'at_ms, sequence',
    ).map(map.toSignal);
  }

  async recordIncident(incident: IncidentRecord): Promise<void> {
    validateIncident(incident);
    this.write(() => this.statement('INSERT INTO incidents (at_ms, kind, severity, detail) VALUES (?, ?, ?, ?)')
      .run(incident.atMs, incident.kind, incident.severity, JSON.stringify(incident.detail)));
  }

  async listIncidents(range: TimeRange = {}): Promise<IncidentRecord[]> {
    return this.select('incidents', [['at_ms', '>=', range.fromMs], ['at_ms', '<=', range.toMs]], 'at_ms, sequence').map(map.toIncident);
  }

  async recordGoLive(record: GoLiveRecord): Promise<void> {
    validateGoLiveRecord(record);
    this.write(() => this.statement('INSERT INTO go_live_records (account, at_ms, kind, actor, reason, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(record.account, record.atMs, record.kind, record.actor, record.reason, JSON.stringify(record.detail)));
  }

  async listGoLive(filter: { account?: string; kind?: GoLiveRecordKind } & TimeRange = {}): Promise<GoLiveRecord[]> {
    return this.select(
      'go_live_records',
      [['account', '=', filter.account], ['kind', '=', filter.kind], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]],
      'sequence',
    ).map(map.toGoLiveRecord);
  }

  async recordRiskGuardDecision(decision: RiskGuardDecisionRecord): Promise<void> {
    validateRiskGuardDecision(decision);
    this.write(() => this.statement('INSERT INTO risk_guard_decisions (account, at_ms, decision, size_multiplier, detail) VALUES (?, ?, ?, ?, ?)')
      .run(decision.account, decision.atMs, decision.decision, decision.sizeMultiplier, JSON.stringify(decision.detail)));
  }

  async recordFundingPayment(payment: FundingPaymentRecord): Promise<{ created: boolean }> {
    validateFundingPayment(payment);
    const info = this.write(() => this.statement('INSERT INTO funding_payments (account, symbol, payment_id, income, at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, symbol, payment_id) DO NOTHING')
      .run(payment.account, payment.symbol, payment.paymentId, payment.income, payment.atMs));
    return { created: info.changes === 1 };
  }

  async listFundingPayments(filter: { account?: string; symbol?: string } & TimeRange = {}): Promise<FundingPaymentRecord[]> {
    return this.select('funding_payments', [['account', '=', filter.account], ['symbol', '=', filter.symbol], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence').map(map.toFundingPayment);
  }

  async recordProfileAssignment(assignment: ProfileAssignmentRecord): Promise<void> {
    validateProfileAssignment(assignment);
    this.write(() => this.statement('INSERT INTO profile_assignments (account, at_ms, profile, reason, actor, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(assignment.account, assignment.atMs, assignment.profile, assignment.reason, assignment.actor, JSON.stringify(assignment.detail)));
  }

  async listProfileAssignments(filter: { account?: string } = {}): Promise<ProfileAssignmentRecord[]> {
    return this.select('profile_assignments', [['account', '=', filter.account]], 'at_ms, sequence').map(map.toProfileAssignment);
  }

  async recordExchangeHealth(record: ExchangeHealthRecord): Promise<void> {
    validateExchangeHealth(record);
    this.write(() => this.statement('INSERT INTO exchange_health (account, venue, at_ms, state, detail) VALUES (?, ?, ?, ?, ?)')
      .run(record.account, record.venue, record.atMs, record.state, JSON.stringify(record.detail)));
  }

  async listExchangeHealth(filter: { account?: string } & TimeRange = {}): Promise<ExchangeHealthRecord[]> {
    return this.select('exchange_health', [['account', '=', filter.account], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence').map(map.toExchangeHealth);
  }

  async recordFailoverEvent(event: FailoverEventRecord): Promise<void> {
    validateFailoverEvent(event);
    this.write(() => this.statement('INSERT INTO failover_events (sleeve, account, at_ms, kind, from_account, to_account, reason, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(event.sleeve, event.account, event.atMs, event.kind, event.fromAccount, event.toAccount, event.reason, event.actor));
  }

  async listFailoverEvents(filter: { sleeve?: string } & TimeRange = {}): Promise<FailoverEventRecord[]> {
    return this.select('failover_events', [['sleeve', '=', filter.sleeve], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence').map(map.toFailoverEvent);
  }

  async recordRiskStage(stage: RiskStageRecord): Promise<void> {
    validateRiskStage(stage);
    this.write(() => this.statement('INSERT INTO risk_stages (account, sleeve, at_ms, step_index, risk_per_trade, how, reason, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(stage.account, stage.sleeve, stage.atMs, stage.stepIndex, stage.riskPerTrade, stage.how, stage.reason, stage.actor, JSON.stringify(stage.detail)));
  }

  async listRiskStages(filter: { account?: string; sleeve?: string } = {}): Promise<RiskStageRecord[]> {
    return this.select('risk_stages', [['account', '=', filter.account], ['sleeve', '=', filter.sleeve]], 'at_ms, sequence').map(map.toRiskStage);
  }

  async listRiskGuardDecisions(filter: { account?: string } & TimeRange = {}): Promise<RiskGuardDecisionRecord[]> {
    return this.select('risk_guard_decisions', [['account', '=', filter.account], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence').map(map.toRiskGuardDecision);
  }

  async acquireLock(name: string, owner: string, ttlMs: number, nowMs: number, options: AcquireLockOptions = {}): Promise<LockResult> {
    validateLockArguments(name, owner, nowMs, ttlMs);
    return this.db
      .transaction((): LockResult => {
        // One IMMEDIATE transaction decides and takes: no other process writes in between.
        const row = this.statement(SELECT_LOCK).get(name) as Row | undefined;
        const holder = row && map.toLockHolder(row);
        if (holder !== undefined && !mayTakeLock(holder, owner, nowMs, options)) return { acquired: false, ...holder };
        const next = this.statement(
          `INSERT INTO lock_tokens (name, last_token) VALUES (?, 1)
           ON CONFLICT (name) DO UPDATE SET last_token = lock_tokens.last_token + 1 RETURNING last_token`,
        ).get(name) as Row;
        const token = Number(next.last_token);
        this.statement(
          `INSERT INTO runner_locks (name, owner, heartbeat_at_ms, ttl_ms, token) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, heartbeat_at_ms = excluded.heartbeat_at_ms,
             ttl_ms = excluded.ttl_ms, token = excluded.token`,
        ).run(name, owner, nowMs, ttlMs, token);
        return { acquired: true, token, ...(holder !== undefined ? { previous: holder } : {}) };
      })
      .immediate();
  }

  async heartbeat(name: string, owner: string, nowMs: number): Promise<boolean> {
    validateLockArguments(name, owner, nowMs);
    // Committed without an fsync (the port allows it): the heartbeat is the first write of every live bar,
    // and the WAL is appended in order, so the bar's durable intent commit syncs it to disk as well.
    this.db.pragma('synchronous = NORMAL');
    try {
      const fence = this.fences.find((candidate) => candidate.name === name);
      const info = fence === undefined ? this.statement(HEARTBEAT).run(nowMs, name, owner) : this.statement(HEARTBEAT_FENCED).run(nowMs, name, owner, fence.token);
      return info.changes === 1;
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async releaseLock(name: string, owner: string): Promise<boolean> {
    const fence = this.fences.find((candidate) => candidate.name === name);
    const info =
      fence === undefined
        ? this.statement('DELETE FROM runner_locks WHERE name = ? AND owner = ?').run(name, owner)
        : this.statement('DELETE FROM runner_locks WHERE name = ? AND owner = ? AND token = ?').run(name, owner, fence.token);
    return info.changes === 1;
  }

  fenced(name: string, token: number): TradeStore {
    validateFencingToken(name, token);
    return new SqliteTradeStore(this.db, [...this.fences, { name, token }], this.statements);
  }

  async instanceId(): Promise<string> {
    const row = this.statement('SELECT instance_id FROM store_identity WHERE singleton = 1').get() as Row | undefined;
    if (row === undefined) throw new Error('the store has no instance id (migration 3 not applied)');
    return String(row.instance_id);
  }

  async checkpoint(): Promise<void> {
    // PASSIVE: never waits for another connection's readers; frames they still use are folded in later.
    // Done after each bar, the log never grows to the auto-checkpoint size inside a decision's commit.
    // The next write then starts the log afresh, which syncs its header once: best a housekeeping write.
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Throws LockLostError unless every fence's lock is still held with its token; the caller holds the write transaction. */
  private checkFences(): void {
    for (const fence of this.fences) {
      const row = this.statement(SELECT_LOCK).get(fence.name) as Row | undefined;
      if (row === undefined || Number(row.token) !== fence.token) {
        throw new LockLostError(fence.name, fence.token, row === undefined ? null : { owner: String(row.owner), token: Number(row.token) });
      }
    }
  }

  /** A single-statement write: as it is on the store itself; on a fenced view, in one transaction with the fence check. */
  private write<T>(work: () => T): T {
    if (this.fences.length === 0) return work();
    return this.db
      .transaction(() => {
        this.checkFences();
        return work();
      })
      .immediate();
  }

  /** The statement for `sql`, compiled on first use and kept for the life of the connection. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** True when the intent was inserted, false when one with its client order id exists. */
  private insertIntent(intent: OrderIntentRecord): boolean {
    const info = this.statement(INSERT_INTENT).run(
      intent.clientOrderId, intent.account, intent.sleeve, intent.symbol, intent.strategy, intent.side,
      intent.quantity, intent.price, intent.reduceOnly ? 1 : 0, intent.createdAtMs, intent.state,
      intent.stateChangedAtMs, intent.referencePrice ?? null,
    );
    return info.changes === 1;
  }

  /** Appends to the order's history and makes it the latest state; the caller holds the transaction. */
  private upsertOrder(update: OrderUpdate): OrderRecord {
    this.statement(INSERT_ORDER_EVENT).run(
      update.clientOrderId, update.account, update.symbol, update.venueOrderId, update.status,
      update.filledQuantity, update.averagePrice, update.atMs, update.reason,
    );
    const row = this.statement(UPSERT_ORDER).get(
      update.clientOrderId, update.account, update.symbol, update.venueOrderId, update.status,
      update.filledQuantity, update.averagePrice, update.atMs,
    ) as Row;
    return map.toOrder(row);
  }

  private insertEquitySnapshot(snapshot: EquitySnapshotRecord): void {
    this.statement(INSERT_EQUITY_SNAPSHOT).run(snapshot.account, snapshot.atMs, snapshot.equity, snapshot.walletBalance, snapshot.unrealizedPnl);
  }

  private positionRow(account: string, symbol: string): PositionRecord | undefined {
    const row = this.statement('SELECT * FROM positions WHERE account = ? AND symbol = ?').get(account, symbol) as Row | undefined;
    return row && map.toPosition(row);
  }

  private select(table: string, conditions: readonly Condition[], orderBy: string): Row[] {
    const where = whereClause(conditions, question);
    return this.statement(`SELECT * FROM ${table} ${where.sql} ORDER BY ${orderBy}`).all(...where.params) as Row[];
  }
}
