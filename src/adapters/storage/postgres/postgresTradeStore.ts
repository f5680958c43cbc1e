import pg from 'pg';
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
import { postgresMigrations } from './postgresMigrations.ts';

export interface PostgresTradeStoreOptions {
  /** `postgres://user@host:port/database`. */
  url: string;
  /** Schema holding the tables (created when missing); the server's default search_path when omitted. */
  schema?: string;
  /** Connections kept at most; two concurrent transactions need two. */
  maxConnections?: number;
  connectTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const TERMINAL_LIST = TERMINAL_ORDER_STATUSES.map((status) => `'${status}'`).join(', ');
const dollar = (index: number): string => `$${index}`;

/** The pool (a statement of its own) or a client inside a transaction. */
type Queryable = pg.Pool | pg.PoolClient;

// Advisory-lock namespaces (first key); the second key is per schema or per account.
const MIGRATION_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('rampart.migrations'), hashtext(coalesce(current_schema(), '')))";
const TRADING_STATE_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('rampart.tradingState'), hashtext($1))";
const RUNNER_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('rampart.runnerLock'), hashtext($1))";

/** A lock a fenced view's writes check: still held with this token. */
interface Fence {
  readonly name: string;
  readonly token: number;
}

/**
 * Trade store on PostgreSQL for several runners or hosts sharing one database. Every multi-statement
 * write is one transaction on one pooled connection; concurrent writers of the same fill or position
 * are serialised by the unique index and a row lock, not by this process.
 */
export class PostgresTradeStore implements TradeStore {
  private constructor(
    private readonly pool: pg.Pool,
    /** Locks every write checks first, inside its transaction (a fenced view); none for the store itself. */
    private readonly fences: readonly Fence[] = [],
  ) {}

  /** Connects, creates the schema when asked for one, and applies pending migrations. */
  static async open(options: PostgresTradeStoreOptions): Promise<PostgresTradeStore> {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new RangeError(`postgres schema must match ${SCHEMA_NAME.source}, was '${options.schema}'`);
    }
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // An idle pooled connection that dies emits 'error'; unhandled it would crash the process. The
    // next query checks out a fresh connection and reports any lasting failure to its caller.
    pool.on('error', () => {});
    try {
      if (options.schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      const store = new PostgresTradeStore(pool);
      await store.migrate();
      return store;
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async migrate(): Promise<{ applied: number[] }> {
    await this.transaction(async (client) => {
      await client.query(MIGRATION_LOCK_SQL);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)',
      );
    });
    const applied: number[] = [];
    const ordered = [...postgresMigrations].sort((a, b) => a.version - b.version);
    for (const migration of ordered) {
      const ran = await this.transaction(async (client) => {
        // The lock makes a concurrent migrator wait here and then see the version as done.
        await client.query(MIGRATION_LOCK_SQL);
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (done.rowCount) return false;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
        return true;
      });
      if (ran) applied.push(migration.version);
    }
    return { applied };
  }

  async schemaVersion(): Promise<number> {
    const result = await this.pool.query('SELECT MAX(version) AS version FROM schema_migrations');
    return Number(result.rows[0]?.version ?? 0);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  async recordIntent(intent: OrderIntentRecord): Promise<{ created: boolean }> {
    validateIntent(intent);
    return { created: await this.write((db) => this.insertIntent(db, intent)) };
  }

  async recordIntentBeforeSend(record: IntentBeforeSend): Promise<{ created: boolean }> {
    validateIntentBeforeSend(record);
    const { intent, order, equitySnapshot } = record;
    return this.transaction(async (client) => {
      await this.checkFences(client);
      if (equitySnapshot !== undefined) await this.insertEquitySnapshot(client, equitySnapshot);
      const created = await this.insertIntent(client, intent);
      await this.upsertOrder(client, order);
      return { created };
    });
  }

  async setIntentState(clientOrderId: string, state: IntentState, atMs: number): Promise<boolean> {
    validateIntentState(state, atMs);
    const result = await this.write((db) =>
      db.query('UPDATE order_intents SET state = $1, state_changed_at_ms = $2 WHERE client_order_id = $3', [state, atMs, clientOrderId]),
    );
    return result.rowCount === 1;
  }

  async getIntent(clientOrderId: string): Promise<OrderIntentRecord | undefined> {
    const result = await this.pool.query('SELECT * FROM order_intents WHERE client_order_id = $1', [clientOrderId]);
    return result.rows[0] && map.toIntent(result.rows[0]);
  }

  async listIntents(filter: { account?: string; state?: IntentState } = {}): Promise<OrderIntentRecord[]> {
    const rows = await this.select('order_intents', [['account', '=', filter.account], ['state', '=', filter.state]], 'created_at_ms, client_order_id');
    return rows.map(map.toIntent);
  }

  async recordOrderUpdate(update: OrderUpdate): Promise<OrderRecord> {
    validateOrderUpdate(update);
    return this.transaction(async (client) => {
      await this.checkFences(client);
      return this.upsertOrder(client, update);
    });
  }

  private async insertIntent(db: Queryable, intent: OrderIntentRecord): Promise<boolean> {
    const result = await db.query(
      `INSERT INTO order_intents (client_order_id, account, sleeve, symbol, strategy, side, quantity, price,
         reduce_only, created_at_ms, state, state_changed_at_ms, reference_price)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (client_order_id) DO NOTHING`,
      [
        intent.clientOrderId, intent.account, intent.sleeve, intent.symbol, intent.strategy, intent.side,
        intent.quantity, intent.price, intent.reduceOnly, intent.createdAtMs, intent.state, intent.stateChangedAtMs,
        intent.referencePrice ?? null,
      ],
    );
    return result.rowCount === 1;
  }

  /** The order's new latest state and its history entry; `client` holds the transaction. */
  private async upsertOrder(client: pg.PoolClient, update: OrderUpdate): Promise<OrderRecord> {
    // Upsert first: its row lock orders concurrent updates of one order, so history sequence and
    // the latest state agree.
    const order = await client.query(
      `INSERT INTO orders (client_order_id, account, symbol, venue_order_id, status, filled_quantity,
         average_price, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (client_order_id) DO UPDATE SET
         venue_order_id = COALESCE(excluded.venue_order_id, orders.venue_order_id),
         status = excluded.status, filled_quantity = excluded.filled_quantity,
         average_price = excluded.average_price, updated_at_ms = excluded.updated_at_ms
       RETURNING *`,
      [
        update.clientOrderId, update.account, update.symbol, update.venueOrderId, update.status,
        update.filledQuantity, update.averagePrice, update.atMs,
      ],
    );
    await client.query(
      `INSERT INTO order_events (client_order_id, account, symbol, venue_order_id, status, filled_quantity,
         average_price, at_ms, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        update.clientOrderId, update.account, update.symbol, update.venueOrderId, update.status,
        update.filledQuantity, update.averagePrice, update.atMs, update.reason,
      ],
    );
    return map.toOrder(order.rows[0]);
  }

  async getOrder(clientOrderId: string): Promise<OrderRecord | undefined> {
    const result = await this.pool.query('SELECT * FROM orders WHERE client_order_id = $1', [clientOrderId]);
    return result.rows[0] && map.toOrder(result.rows[0]);
  }

  async orderHistory(clientOrderId: string): Promise<OrderHistoryEntry[]> {
    const rows = await this.select('order_events', [['client_order_id', '=', clientOrderId]], 'sequence');
    return rows.map(map.toOrderHistoryEntry);
  }

  async listOpenOrders(account?: string): Promise<OrderRecord[]> {
    const where = whereClause([['account', '=', account]], dollar);
    const result = await this.pool.query(
      `SELECT * FROM orders ${where.sql ? `${where.sql} AND` : 'WHERE'} status NOT IN (${TERMINAL_LIST})
       ORDER BY updated_at_ms, client_order_id`,
      where.params,
    );
    return result.rows.map(map.toOrder);
  }

  async applyFill(fill: FillRecord): Promise<ApplyFillResult> {
    validateFill(fill);
    return this.transaction(async (client): Promise<ApplyFillResult> => {
      await this.checkFences(client);
      // A concurrent insert of the same trade id waits on the unique index until this one commits,
      // then inserts nothing: the fill is applied once.
      const inserted = await client.query(
        `INSERT INTO fills (account, symbol, trade_id, client_order_id, venue_order_id, side, quantity, price, fee, at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (account, symbol, trade_id) DO NOTHING
         RETURNING sequence`,
        [fill.account, fill.symbol, fill.tradeId, fill.clientOrderId, fill.venueOrderId, fill.side, fill.quantity, fill.price, fill.fee, fill.atMs],
      );
      if (inserted.rowCount === 0) {
        const current = await client.query('SELECT * FROM positions WHERE account = $1 AND symbol = $2', [fill.account, fill.symbol]);
        if (!current.rows[0]) throw new Error(`fill ${fill.tradeId} of ${fill.account} ${fill.symbol} is stored but its position is missing`);
        return { applied: false, position: map.toPosition(current.rows[0]) };
      }
      // A flat row first, so two fills of a new position both find a row to lock.
      await client.query(
        `INSERT INTO positions (account, symbol, quantity, entry_price, realized_pnl, updated_at_ms)
         VALUES ($1, $2, 0, 0, 0, $3) ON CONFLICT (account, symbol) DO NOTHING`,
        [fill.account, fill.symbol, fill.atMs],
      );
      const locked = await client.query('SELECT * FROM positions WHERE account = $1 AND symbol = $2 FOR UPDATE', [fill.account, fill.symbol]);
      const position = nextPosition(map.toPosition(locked.rows[0]), fill);
      await client.query(
        `UPDATE positions SET quantity = $3, entry_price = $4, realized_pnl = $5, updated_at_ms = $6
         WHERE account = $1 AND symbol = $2`,
        [position.account, position.symbol, position.quantity, position.entryPrice, position.realizedPnl, position.updatedAtMs],
      );
      return { applied: true, position };
    });
  }

  async listFills(filter: { account?: string; symbol?: string } & TimeRange = {}): Promise<FillRecord[]> {
    const rows = await this.select(
      'fills',
      [['account', '=', filter.account], ['symbol', '=', filter.symbol], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]],
      'sequence',
    );
    return rows.map(map.toFill);
  }

  async getPosition(account: string, symbol: string): Promise<PositionRecord | undefined> {
    const result = await this.pool.query('SELECT * FROM positions WHERE account = $1 AND symbol = $2', [account, symbol]);
    return result.rows[0] && map.toPosition(result.rows[0]);
  }

  async listPositions(account?: string): Promise<PositionRecord[]> {
    return (await this.select('positions', [['account', '=', account]], 'account, symbol')).map(map.toPosition);
  }

  async recordEquitySnapshot(snapshot: EquitySnapshotRecord): Promise<void> {
    validateEquitySnapshot(snapshot);
    await this.write((db) => this.insertEquitySnapshot(db, snapshot));
  }

  private async insertEquitySnapshot(db: Queryable, snapshot: EquitySnapshotRecord): Promise<void> {
    await db.query(
      'INSERT INTO equity_snapshots (account, at_ms, equity, wallet_balance, unrealized_pnl) VALUES ($1, $2, $3, $4, $5)',
      [snapshot.account, snapshot.atMs, snapshot.equity, snapshot.walletBalance, snapshot.unrealizedPnl],
    );
  }

  async listEquitySnapshots(account: string, range: TimeRange = {}): Promise<EquitySnapshotRecord[]> {
    const rows = await this.select(
      'equity_snapshots',
      [['account', '=', account], ['at_ms', '>=', range.fromMs], ['at_ms', '<=', range.toMs]],
      'at_ms, sequence',
    );
    return rows.map(map.toEquitySnapshot);
  }

  async equityPeakAndLatest(account: string): Promise<EquityPeakAndLatest | undefined> {
    const peak = await this.pool.query('SELECT * FROM equity_snapshots WHERE account = $1 ORDER BY equity DESC, sequence LIMIT 1', [account]);
    const latest = await this.pool.query('SELECT * FROM equity_snapshots WHERE account = $1 ORDER BY at_ms DESC, sequence DESC LIMIT 1', [account]);
    return peak.rows[0] === undefined || latest.rows[0] === undefined ? undefined : { peak: map.toEquitySnapshot(peak.rows[0]), latest: map.toEquitySnapshot(latest.rows[0]) };
  }

  async recordRiskEvent(event: RiskEventRecord): Promise<void> {
    validateRiskEvent(event);
    await this.write((db) => db.query(
      'INSERT INTO risk_events (account, at_ms, code, symbol, strategy, client_order_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [event.account, event.atMs, event.code, event.symbol, event.strategy, event.clientOrderId, JSON.stringify(event.detail)],
    ));
  }

  async listRiskEvents(filter: { account?: string } & TimeRange = {}): Promise<RiskEventRecord[]> {
    const rows = await this.select(
      'risk_events',
      [['account', '=', filter.account], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]],
      'at_ms, sequence',
    );
    return rows.map(map.toRiskEvent);
  }

  async recordTradingState(change: TradingStateChange): Promise<TradingStateTransition> {
    validateTradingStateChange(change);
    return this.transaction(async (client) => {
      await this.checkFences(client);
      // Serialise transitions of one account so each records the state it really replaced.
      await client.query(TRADING_STATE_LOCK_SQL, [change.account]);
      const result = await client.query(
        `INSERT INTO trading_state_transitions (account, at_ms, previous_state, state, reason, actor)
         VALUES ($1, $2, (SELECT state FROM trading_state_transitions WHERE account = $1 AND at_ms <= $2 ORDER BY at_ms DESC, sequence DESC LIMIT 1), $3, $4, $5)
         RETURNING *`,
        [change.account, change.atMs, change.state, change.reason, change.actor],
      );
      return map.toTradingStateTransition(result.rows[0]);
    });
  }

  async loadTradingState(account: string): Promise<TradingStateTransition | undefined> {
    const result = await this.pool.query(
      // The two latest in time: the one in force and the one it replaced (see inEffectOrder).
      'SELECT * FROM trading_state_transitions WHERE account = $1 ORDER BY at_ms DESC, sequence DESC LIMIT 2',
      [account],
    );
    return inForce(result.rows.reverse().map(map.toTradingStateTransition));
  }

  async listTradingStateTransitions(account: string): Promise<TradingStateTransition[]> {
    return inEffectOrder((await this.select('trading_state_transitions', [['account', '=', account]], 'sequence')).map(map.toTradingStateTransition));
  }

  async recordSignal(signal: SignalRecord): Promise<void> {
    validateSignal(signal);
    await this.write((db) =>
      db.query('INSERT INTO signals (at_ms, sleeve, symbol, strategy, target, confidence) VALUES ($1, $2, $3, $4, $5, $6)', [
        signal.atMs, signal.sleeve, signal.symbol, signal.strategy, signal.target, signal.confidence,
      ]),
    );
  }

  async listSignals(filter: { sleeve?: string; symbol?: string } & TimeRange = {}): Promise<SignalRecord[]> {
    const rows = await this.select(
      'signals',
      [['sleeve', '=', filter.sleeve], ['symbol', '=', filter.symbol], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]],
      'at_ms, sequence',
    );
    return rows.map(map.toSignal);
  }

  async recordIncident(incident: IncidentRecord): Promise<void> {
    validateIncident(incident);
    await this.write((db) =>
      db.query('INSERT INTO incidents (at_ms, kind, severity, detail) VALUES ($1, $2, $3, $4)', [
        incident.atMs,
        incident.kind,
        incident.severity,
        JSON.stringify(incident.detail),
      ]),
    );
  }

  async listIncidents(range: TimeRange = {}): Promise<IncidentRecord[]> {
    const rows = await this.select('incidents', [['at_ms', '>=', range.fromMs], ['at_ms', '<=', range.toMs]], 'at_ms, sequence');
    return rows.map(map.toIncident);
  }

  async recordGoLive(record: GoLiveRecord): Promise<void> {
    validateGoLiveRecord(record);
    await this.write((db) =>
      db.query('INSERT INTO go_live_records (account, at_ms, kind, actor, reason, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
        record.account,
        record.atMs,
        record.kind,
        record.actor,
        record.reason,
        JSON.stringify(record.detail),
      ]),
    );
  }

  async listGoLive(filter: { account?: string; kind?: GoLiveRecordKind } & TimeRange = {}): Promise<GoLiveRecord[]> {
    const rows = await this.select('go_live_records', [['account', '=', filter.account], ['kind', '=', filter.kind], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'sequence');
    return rows.map(map.toGoLiveRecord);
  }

  async recordRiskGuardDecision(decision: RiskGuardDecisionRecord): Promise<void> {
    validateRiskGuardDecision(decision);
    await this.write((db) =>
      db.query('INSERT INTO risk_guard_decisions (account, at_ms, decision, size_multiplier, detail) VALUES ($1, $2, $3, $4, $5)', [
        decision.account,
        decision.atMs,
        decision.decision,
        decision.sizeMultiplier,
        JSON.stringify(decision.detail),
      ]),
    );
  }

  async recordFundingPayment(payment: FundingPaymentRecord): Promise<{ created: boolean }> {
    validateFundingPayment(payment);
    const result = await this.write((db) =>
      db.query('INSERT INTO funding_payments (account, symbol, payment_id, income, at_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account, symbol, payment_id) DO NOTHING', [
        payment.account,
        payment.symbol,
        payment.paymentId,
        payment.income,
        payment.atMs,
      ]),
    );
    return { created: result.rowCount === 1 };
  }

  async listFundingPayments(filter: { account?: string; symbol?: string } & TimeRange = {}): Promise<FundingPaymentRecord[]> {
    const rows = await this.select('funding_payments', [['account', '=', filter.account], ['symbol', '=', filter.symbol], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence');
    return rows.map(map.toFundingPayment);
  }

  async recordProfileAssignment(assignment: ProfileAssignmentRecord): Promise<void> {
    validateProfileAssignment(assignment);
    await this.write((db) =>
      db.query('INSERT INTO profile_assignments (account, at_ms, profile, reason, actor, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
        assignment.account,
        assignment.atMs,
        assignment.profile,
        assignment.reason,
        assignment.actor,
        JSON.stringify(assignment.detail),
      ]),
    );
  }

  async listProfileAssignments(filter: { account?: string } = {}): Promise<ProfileAssignmentRecord[]> {
    const rows = await this.select('profile_assignments', [['account', '=', filter.account]], 'at_ms, sequence');
    return rows.map(map.toProfileAssignment);
  }

  async recordExchangeHealth(record: ExchangeHealthRecord): Promise<void> {
    validateExchangeHealth(record);
    await this.write((db) =>
      db.query('INSERT INTO exchange_health (account, venue, at_ms, state, detail) VALUES ($1, $2, $3, $4, $5)', [record.account, record.venue, record.atMs, record.state, JSON.stringify(record.detail)]),
    );
  }

  async listExchangeHealth(filter: { account?: string } & TimeRange = {}): Promise<ExchangeHealthRecord[]> {
    const rows = await this.select('exchange_health', [['account', '=', filter.account], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence');
    return rows.map(map.toExchangeHealth);
  }

  async recordFailoverEvent(event: FailoverEventRecord): Promise<void> {
    validateFailoverEvent(event);
    await this.write((db) =>
      db.query('INSERT INTO failover_events (sleeve, account, at_ms, kind, from_account, to_account, reason, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        event.sleeve,
        event.account,
        event.atMs,
        event.kind,
        event.fromAccount,
        event.toAccount,
        event.reason,
        event.actor,
      ]),
    );
  }

  async recordRiskStage(stage: RiskStageRecord): Promise<void> {
    validateRiskStage(stage);
    await this.write((db) =>
      db.query('INSERT INTO risk_stages (account, sleeve, at_ms, step_index, risk_per_trade, how, reason, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        stage.account,
        stage.sleeve,
        stage.atMs,
        stage.stepIndex,
        stage.riskPerTrade,
        stage.how,
        stage.reason,
        stage.actor,
        JSON.stringify(stage.detail),
      ]),
    );
  }

  async listFailoverEvents(filter: { sleeve?: string } & TimeRange = {}): Promise<FailoverEventRecord[]> {
    const rows = await this.select('failover_events', [['sleeve', '=', filter.sleeve], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence');
    return rows.map(map.toFailoverEvent);
  }

  async listRiskStages(filter: { account?: string; sleeve?: string } = {}): Promise<RiskStageRecord[]> {
    const rows = await this.select('risk_stages', [['account', '=', filter.account], ['sleeve', '=', filter.sleeve]], 'at_ms, sequence');
    return rows.map(map.toRiskStage);
  }

  async listRiskGuardDecisions(filter: { account?: string } & TimeRange = {}): Promise<RiskGuardDecisionRecord[]> {
    const rows = await this.select('risk_guard_decisions', [['account', '=', filter.account], ['at_ms', '>=', filter.fromMs], ['at_ms', '<=', filter.toMs]], 'at_ms, sequence');
    return rows.map(map.toRiskGuardDecision);
  }

  async acquireLock(name: string, owner: string, ttlMs: number, nowMs: number, options: AcquireLockOptions = {}): Promise<LockResult> {
    validateLockArguments(name, owner, nowMs, ttlMs);
    return this.transaction(async (client): Promise<LockResult> => {
      // Acquirers of one lock queue here; FOR UPDATE then waits for fenced writes in flight (they hold
      // the row FOR SHARE), so a takeover never lands inside an old holder's write.
      await client.query(RUNNER_LOCK_SQL, [name]);
      const row = (await client.query('SELECT * FROM runner_locks WHERE name = $1 FOR UPDATE', [name])).rows[0] as Row | undefined;
      const holder = row && map.toLockHolder(row);
      if (holder !== undefined && !mayTakeLock(holder, owner, nowMs, options)) return { acquired: false, ...holder };
      const next = await client.query(
        `INSERT INTO lock_tokens (name, last_token) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET last_token = lock_tokens.last_token + 1 RETURNING last_token`,
        [name],
      );
      const token = Number(next.rows[0].last_token);
      await client.query(
        `INSERT INTO runner_locks (name, owner, heartbeat_at_ms, ttl_ms, token) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, heartbeat_at_ms = excluded.heartbeat_at_ms,
           ttl_ms = excluded.ttl_ms, token = excluded.token`,
        [name, owner, nowMs, ttlMs, token],
      );
      return { acquired: true, token, ...(holder !== undefined ? { previous: holder } : {}) };
    });
  }

  async heartbeat(name: string, owner: string, nowMs: number): Promise<boolean> {
    validateLockArguments(name, owner, nowMs);
    const fence = this.fences.find((candidate) => candidate.name === name);
    const result =
      fence === undefined
        ? await this.pool.query('UPDATE runner_locks SET heartbeat_at_ms = $1 WHERE name = $2 AND owner = $3', [nowMs, name, owner])
        : await this.pool.query('UPDATE runner_locks SET heartbeat_at_ms = $1 WHERE name = $2 AND owner = $3 AND token = $4', [nowMs, name, owner, fence.token]);
    return result.rowCount === 1;
  }

  async releaseLock(name: string, owner: string): Promise<boolean> {
    const fence = this.fences.find((candidate) => candidate.name === name);
    const result =
      fence === undefined
        ? await this.pool.query('DELETE FROM runner_locks WHERE name = $1 AND owner = $2', [name, owner])
        : await this.pool.query('DELETE FROM runner_locks WHERE name = $1 AND owner = $2 AND token = $3', [name, owner, fence.token]);
    return result.rowCount === 1;
  }

  fenced(name: string, token: number): TradeStore {
    validateFencingToken(name, token);
    return new PostgresTradeStore(this.pool, [...this.fences, { name, token }]);
  }

  async instanceId(): Promise<string> {
    const result = await this.pool.query('SELECT instance_id FROM store_identity WHERE singleton = 1');
    if (result.rows[0] === undefined) throw new Error('the store has no instance id (migration 3 not applied)');
    return String(result.rows[0].instance_id);
  }

  /**
   * Throws LockLostError unless every fence's lock is still held with its token. FOR SHARE keeps the
   * lock row as read until `client`'s transaction ends: a takeover or release waits for this write.
   */
  private async checkFences(client: pg.PoolClient): Promise<void> {
    for (const fence of this.fences) {
      const row = (await client.query('SELECT owner, token FROM runner_locks WHERE name = $1 FOR SHARE', [fence.name])).rows[0] as Row | undefined;
      if (row === undefined || Number(row.token) !== fence.token) {
        throw new LockLostError(fence.name, fence.token, row === undefined ? null : { owner: String(row.owner), token: Number(row.token) });
      }
    }
  }

  /** A single-statement write: on the pool for the store itself; on a fenced view, in one transaction with the fence check. */
  private async write<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    if (this.fences.length === 0) return work(this.pool);
    return this.transaction(async (client) => {
      await this.checkFences(client);
      return work(client);
    });
  }

  private async select(table: string, conditions: readonly Condition[], orderBy: string): Promise<Row[]> {
    const where = whereClause(conditions, dollar);
    const result = await this.pool.query(`SELECT * FROM ${table} ${where.sql} ORDER BY ${orderBy}`, where.params);
    return result.rows as Row[];
  }

  async checkpoint(): Promise<void> {
    // The server checkpoints on its own schedule, off this process's decision path.
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is discarded rather than returned to the pool.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
