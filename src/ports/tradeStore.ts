/**
 * The trading store: everything an operator needs to restart without losing or duplicating an order,
 * fill or position change (intents, orders and their history, fills, positions, equity, risk events,
 * trading-state transitions, signals, incidents) plus the runner lock.
 *
 * Records are plain data. Quantities, prices and money are decimal strings (`'0.00000001'`, `'-12.5'`:
 * optional minus, no exponent, no leading `+`, no superfluous leading zeros) so nothing is lost to
 * floats; adapters reject anything else on write. Times are epoch milliseconds UTC, always supplied by
 * the caller: the store never reads a clock to decide anything. API keys and secrets never reach it.
 */

/** A decimal number written as text, e.g. `'123456789.123456789'`. */
export type DecimalString = string;

export const OrderSide = { BUY: 'BUY', SELL: 'SELL' } as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

/** Where an intent stands: persisted before it is sent, then SENT, or NOT_SENT when reconciliation found no order. */
export const IntentState = {
  NEW: 'NEW',
  SENT: 'SENT',
  NOT_SENT: 'NOT_SENT',
  /** Refused by the risk engine (the denial is a risk event). */
  DENIED: 'DENIED',
} as const;
export type IntentState = (typeof IntentState)[keyof typeof IntentState];

/** Venue order statuses (Binance USDT-M) plus the local UNKNOWN (send outcome unknown) and PENDING_SEND. */
export const OrderStatus = {
  PENDING_SEND: 'PENDING_SEND',
  UNKNOWN: 'UNKNOWN',
  NEW: 'NEW',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
  CANCELED: 'CANCELED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  EXPIRED_IN_MATCH: 'EXPIRED_IN_MATCH',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** Statuses after which an order can no longer fill. */
export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = [
  OrderStatus.FILLED,
  OrderStatus.CANCELED,
  OrderStatus.REJECTED,
  OrderStatus.EXPIRED,
  OrderStatus.EXPIRED_IN_MATCH,
];

export const TradingStateName = { ACTIVE: 'ACTIVE', REDUCING: 'REDUCING', HALTED: 'HALTED' } as const;
export type TradingStateName = (typeof TradingStateName)[keyof typeof TradingStateName];

export const IncidentSeverity = { INFO: 'INFO', WARNING: 'WARNING', CRITICAL: 'CRITICAL' } as const;
export type IncidentSeverity = (typeof IncidentSeverity)[keyof typeof IncidentSeverity];

/** JSON-serialisable detail attached to risk events and incidents. */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * One funding payment of a position as the venue booked it (Binance income FUNDING_FEE, ccxt
 * fetchFundingHistory; the simulated venue's in paper). Unique per (account, symbol, paymentId).
 */
export interface FundingPaymentRecord {
  account: string;
  symbol: string;
  /** The venue's id of the payment (Binance `tranId`), or a derived one (`paper:<sleeve>:<atMs>`) where the venue gives none. */
  paymentId: string;
  /** Quote asset, signed as the venue books income: negative when the account paid, positive when it received. */
  income: DecimalString;
  atMs: number;
}

/** What the engine decided to send, stored before it is sent. The id is the deterministic client order id. */
export interface OrderIntentRecord {
  clientOrderId: string;
  account: string;
  sleeve: string;
  symbol: string;
  strategy: string;
  side: OrderSide;
  /** Positive. */
  quantity: DecimalString;
  /** Limit price; null for a market order. */
  price: DecimalString | null;
  /**
   * The price the decision expected to fill near (positive): the decision bar's close a market order
   * was sized from, a stop's trigger price. Realised slippage is measured from it; absent when unknown
   * (a flatten request, an order written before the store kept it).
   */
  referencePrice?: DecimalString;
  reduceOnly: boolean;
  createdAtMs: number;
  state: IntentState;
  /** When `state` last changed (equals createdAtMs until then). */
  stateChangedAtMs: number;
}

/** One observed state of an order (from the venue, or local UNKNOWN/PENDING_SEND). */
export interface OrderUpdate {
  clientOrderId: string;
  account: string;
  symbol: string;
  /** Null until the venue has acknowledged the order; a known id is never overwritten by null. */
  venueOrderId: string | null;
  status: OrderStatus;
  /** Cumulative filled quantity (Binance executedQty). */
  filledQuantity: DecimalString;
  /** Average fill price; null while nothing is filled. */
  averagePrice: DecimalString | null;
  atMs: number;
  /** Why the state changed when known (reject code, cancel reason, reconciliation note). */
  reason: string | null;
}

/** The latest state of an order. */
export interface OrderRecord {
  clientOrderId: string;
  account: string;
  symbol: string;
  venueOrderId: string | null;
  status: OrderStatus;
  filledQuantity: DecimalString;
  averagePrice: DecimalString | null;
  updatedAtMs: number;
}

/** One entry of an order's append-only state history, in the order it was recorded. */
export interface OrderHistoryEntry extends OrderUpdate {
  /** Increases with every entry in the store; orders entries of one order. */
  sequence: number;
}

/** A venue execution; unique per (account, symbol, tradeId). */
export interface FillRecord {
  account: string;
  symbol: string;
  /** The venue's trade id. */
  tradeId: string;
  /** Null for a fill of an order that is not ours (flagged by reconciliation). */
  clientOrderId: string | null;
  venueOrderId: string | null;
  side: OrderSide;
  /** Positive. */
  quantity: DecimalString;
  price: DecimalString;
  /** Commission in the quote asset; negative for a rebate. */
  fee: DecimalString;
  atMs: number;
}

/** Net position of one account in one symbol. */
export interface PositionRecord {
  account: string;
  symbol: string;
  /** Signed: positive long, negative short, '0' flat. */
  quantity: DecimalString;
  /** Average entry price of the open quantity; '0' when flat. */
  entryPrice: DecimalString;
  /** Price PnL realised by closing fills minus every fill's fee, cumulative since the first fill. */
  realizedPnl: DecimalString;
  updatedAtMs: number;
}

export interface ApplyFillResult {
  /** False when a fill with the same (account, symbol, tradeId) was already applied: nothing changed. */
  applied: boolean;
  /** The position after the call. */
  position: PositionRecord;
}

export interface EquitySnapshotRecord {
  account: string;
  atMs: number;
  equity: DecimalString;
  walletBalance: DecimalString;
  unrealizedPnl: DecimalString;
}

/** The highest and the latest of an account's equity snapshots. */
export interface EquityPeakAndLatest {
  readonly peak: EquitySnapshotRecord;
  readonly latest: EquitySnapshotRecord;
}

/** A risk-engine outcome worth auditing (mostly denials, with the rule's code and figures). */
export interface RiskEventRecord {
  account: string;
  atMs: number;
  /** e.g. NOTIONAL_EXCEEDS_MAX_PER_ORDER. */
  code: string;
  symbol: string | null;
  strategy: string | null;
  clientOrderId: string | null;
  detail: JsonObject;
}

export interface TradingStateChange {
  account: string;
  atMs: number;
  state: TradingStateName;
  reason: string;
  /** Who changed it: an operator name, or the rule that tripped. */
  actor: string;
}

/** A stored transition: the change plus the state it replaced (null for the account's first). */
export interface TradingStateTransition extends TradingStateChange {
  previousState: TradingStateName | null;
}

/** A strategy's decision at a bar close. */
export interface SignalRecord {
  atMs: number;
  sleeve: string;
  symbol: string;
  strategy: string;
  /** Target position as a signed fraction of the sleeve's allocation. */
  target: number;
  /** Null when the strategy gives no confidence. */
  confidence: number | null;
}

export interface IncidentRecord {
  atMs: number;
  kind: string;
  severity: IncidentSeverity;
  detail: JsonObject;
}

/** What the go-live gate stores: launch decisions, activations, stage moves and restart sign-offs, with their inputs. */
export const GoLiveRecordKind = {
  LAUNCH_DECISION: 'LAUNCH_DECISION',
  ACTIVATED: 'ACTIVATED',
  DEACTIVATED: 'DEACTIVATED',
  STAGE_CHANGED: 'STAGE_CHANGED',
  RESTART_SIGNED_OFF: 'RESTART_SIGNED_OFF',
} as const;
export type GoLiveRecordKind = (typeof GoLiveRecordKind)[keyof typeof GoLiveRecordKind];

export interface GoLiveRecord {
  account: string;
  atMs: number;
  kind: GoLiveRecordKind;
  /** Who: an operator name (`--approved-by`, user@host). */
  actor: string;
  reason: string;
  /** The decision and its inputs (checks with values and bounds, config hash, stage …). */
  detail: JsonObject;
}

/**
 * One risk-guard decision of an account (or the operator's approval of a SCALE_UP), kept as history:
 * the latest row's size multiplier is what the runner applies to every new target, and its detail
 * carries the day counters, so a restart continues the count.
 */
export interface RiskGuardDecisionRecord {
  account: string;
  atMs: number;
  /** KEEP, SCALE_UP, REDUCE, PAUSE, FLATTEN_ALL or SCALE_UP_APPROVED. */
  decision: string;
  /** The size multiplier in force after this decision (positive). */
  sizeMultiplier: number;
  /** Figures, colours, reasons, counters, actor. */
  detail: JsonObject;
}

/** An account's capital profile assigned by the operator (`profiles set`, `profiles review --apply`): the latest one is in force. */
export interface ProfileAssignmentRecord {
  account: string;
  atMs: number;
  /** A preset name or a `risk.profiles` entry of the config. */
  profile: string;
  reason: string;
  actor: string;
  /** The review's evidence (figures, criteria), or {} for a manual assignment. */
  detail: JsonObject;
}

/** The health of one venue account at a moment (engine/failover ExchangeHealthSnapshot as stored). */
export interface ExchangeHealthRecord {
  atMs: number;
  account: string;
  venue: string;
  state: 'HEALTHY' | 'DEGRADED' | 'DOWN';
  /** Reasons, error counts by class, latency percentiles, clock offset, circuit and ban. */
  detail: JsonObject;
}

/** A routing event of a sleeve: failover, failback, entries stopped, acknowledged, NOT_READY/READY. */
export interface FailoverEventRecord {
  atMs: number;
  sleeve: string;
  /** The sleeve's primary account. */
  account: string;
  kind: string;
  fromAccount: string | null;
  toAccount: string | null;
  reason: string;
  actor: string;
}

/** A sleeve's staged risk-per-trade step set by `rampart sizing advance` or an automatic step: the latest one is in force. */
export interface RiskStageRecord {
  account: string;
  sleeve: string;
  atMs: number;
  /** Index into the config's `sizing.stages.steps`. */
  stepIndex: number;
  /** The risk-per-trade fraction of that step (0.005 = 0.5 %), kept so the record reads without the config. */
  riskPerTrade: number;
  /** `advance`, `override`, `automatic` or `step-down`. */
  how: string;
  reason: string;
  actor: string;
  /** The evaluator's evidence: each criterion's value and bound. */
  detail: JsonObject;
}

/** What must be stored before an order is sent, written in one transaction: one durable commit per send. */
export interface IntentBeforeSend {
  intent: OrderIntentRecord;
  /** The order's first state (PENDING_SEND): a user-stream report that beats the send's answer attaches to it. */
  order: OrderUpdate;
  /** The bar's equity snapshot when not stored yet: it rides in this commit instead of paying for its own. */
  equitySnapshot?: EquitySnapshotRecord;
}

/** A lock's holder as stored: its fencing token orders holders (see acquireLock). */
export interface LockHolder {
  owner: string;
  /** The fencing token the holder was given. */
  token: number;
  heartbeatAtMs: number;
  ttlMs: number;
}

export type LockResult =
  | {
      acquired: true;
      /** The fencing token of this hold: larger than every token ever given for this lock name. */
      token: number;
      /** The hold this one replaced (a stale or dead holder taken over, or the owner's own earlier hold); absent when the lock was free. */
      previous?: LockHolder;
    }
  | ({ acquired: false } & LockHolder);

export interface AcquireLockOptions {
  /**
   * Take the lock from this holder even while its heartbeat is fresh: the caller established that its
   * process is gone. Has no effect once another hold (another token) replaced it.
   */
  takeOverFrom?: { owner: string; token: number };
}

/** Inclusive time window; omitted bounds are open. */
export interface TimeRange {
  fromMs?: number;
  toMs?: number;
}

export interface TradeStore {
  /** Applies pending schema migrations (opening a store already did); returns the versions applied now. */
  migrate(): Promise<{ applied: number[] }>;
  /** Highest applied migration version. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;

  /** Stores an intent unless one with the same client order id exists; `created` says which. */
  recordIntent(intent: OrderIntentRecord): Promise<{ created: boolean }>;
  /**
   * The intent, its PENDING_SEND order row and any rows riding along, all or nothing in one transaction;
   * the intent is kept as it was when its id already exists (`created` false), as recordIntent does.
   */
  recordIntentBeforeSend(record: IntentBeforeSend): Promise<{ created: boolean }>;
  /** Returns false when no such intent exists. */
  setIntentState(clientOrderId: string, state: IntentState, atMs: number): Promise<boolean>;
  getIntent(clientOrderId: string): Promise<OrderIntentRecord | undefined>;
  listIntents(filter?: { account?: string; state?: IntentState }): Promise<OrderIntentRecord[]>;

  /** Appends to the order's history and makes it the order's latest state, in one transaction. */
  recordOrderUpdate(update: OrderUpdate): Promise<OrderRecord>;
  getOrder(clientOrderId: string): Promise<OrderRecord | undefined>;
  orderHistory(clientOrderId: string): Promise<OrderHistoryEntry[]>;
  /** Orders whose latest status is not terminal (UNKNOWN and PENDING_SEND count as open). */
  listOpenOrders(account?: string): Promise<OrderRecord[]>;

  /** Records the fill and updates the position in the same transaction; a repeated trade id changes nothing. */
  applyFill(fill: FillRecord): Promise<ApplyFillResult>;
  listFills(filter?: { account?: string; symbol?: string } & TimeRange): Promise<FillRecord[]>;
  getPosition(account: string, symbol: string): Promise<PositionRecord | undefined>;
  listPositions(account?: string): Promise<PositionRecord[]>;

  recordEquitySnapshot(snapshot: EquitySnapshotRecord): Promise<void>;
  listEquitySnapshots(account: string, range?: TimeRange): Promise<EquitySnapshotRecord[]>;
  /**
   * The account's snapshot of highest equity (the earliest written of equal ones) and its latest (by
   * time, then order of writing), undefined without any: found by the store, not by reading the
   * history, because a scrape asks every few seconds and the history grows by one row per bar.
   */
  equityPeakAndLatest(account: string): Promise<EquityPeakAndLatest | undefined>;

  recordRiskEvent(event: RiskEventRecord): Promise<void>;
  listRiskEvents(filter?: { account?: string } & TimeRange): Promise<RiskEventRecord[]>;

  recordTradingState(change: TradingStateChange): Promise<TradingStateTransition>;
  /** The account's latest trading state, or undefined when none was ever recorded. */
  loadTradingState(account: string): Promise<TradingStateTransition | undefined>;
  listTradingStateTransitions(account: string): Promise<TradingStateTransition[]>;

  recordSignal(signal: SignalRecord): Promise<void>;
  listSignals(filter?: { sleeve?: string; symbol?: string } & TimeRange): Promise<SignalRecord[]>;

  recordIncident(incident: IncidentRecord): Promise<void>;
  listIncidents(range?: TimeRange): Promise<IncidentRecord[]>;

  recordGoLive(record: GoLiveRecord): Promise<void>;
  /** In the order stored. */
  listGoLive(filter?: { account?: string; kind?: GoLiveRecordKind } & TimeRange): Promise<GoLiveRecord[]>;

  recordRiskGuardDecision(decision: RiskGuardDecisionRecord): Promise<void>;
  /** Oldest first (by time, then by insertion). */
  listRiskGuardDecisions(filter?: { account?: string } & TimeRange): Promise<RiskGuardDecisionRecord[]>;

  /** Stores the payment unless one with the same (account, symbol, paymentId) exists; `created` says which. */
  recordFundingPayment(payment: FundingPaymentRecord): Promise<{ created: boolean }>;
  /** Oldest first (by time, then by insertion). */
  listFundingPayments(filter?: { account?: string; symbol?: string } & TimeRange): Promise<FundingPaymentRecord[]>;

  recordProfileAssignment(assignment: ProfileAssignmentRecord): Promise<void>;
  /** Oldest first (by time, then by insertion). */
  listProfileAssignments(filter?: { account?: string }): Promise<ProfileAssignmentRecord[]>;

  recordExchangeHealth(record: ExchangeHealthRecord): Promise<void>;
  /** Oldest first (by time, then by insertion). */
  listExchangeHealth(filter?: { account?: string } & TimeRange): Promise<ExchangeHealthRecord[]>;
  recordFailoverEvent(event: FailoverEventRecord): Promise<void>;
  /** Oldest first (by time, then by insertion). */
  listFailoverEvents(filter?: { sleeve?: string } & TimeRange): Promise<FailoverEventRecord[]>;
  recordRiskStage(stage: RiskStageRecord): Promise<void>;
  /** Oldest first (by time, then by insertion). */
  listRiskStages(filter?: { account?: string; sleeve?: string }): Promise<RiskStageRecord[]>;

  /**
   * Takes the named lock for `owner` with a new fencing token (also when `owner` held it: a new hold).
   * Another owner is refused while the holder's last heartbeat is at most the holder's ttlMs old (unless
   * `options.takeOverFrom` names that very hold), and takes over once it is older. Tokens of one lock
   * name only grow: never reused, across releases and takeovers.
   */
  acquireLock(name: string, owner: string, ttlMs: number, nowMs: number, options?: AcquireLockOptions): Promise<LockResult>;
  /**
   * Refreshes the holder's heartbeat; false when `owner` no longer holds the lock (on a fenced view: no
   * longer with the view's token). It need not survive a power cut (no runner outlives one, and an older
   * heartbeat is what a dead runner's lock should show), so a store may commit it without waiting for the disk.
   */
  heartbeat(name: string, owner: string, nowMs: number): Promise<boolean>;
  /** Releases the lock if `owner` holds it (on a fenced view: with the view's token); false otherwise. */
  releaseLock(name: string, owner: string): Promise<boolean>;
  /**
   * The same store seen by the holder of lock `name` with fencing `token`: every write through it first
   * checks, inside the write's own transaction, that the lock is still held with that token, and
   * otherwise fails with LockLostError (domain/errors/lockLostError.ts) having changed nothing. Reads are
   * unchanged. A fenced view's `fenced` adds a further lock to check. Closing a view closes the store.
   */
  fenced(name: string, token: number): TradeStore;
  /**
   * This store's instance id: 8 characters of [0-9a-f], generated once when the store was created and
   * kept for its life. Client order ids carry it, so runners on different stores tell their orders apart.
   */
  instanceId(): Promise<string>;

  /**
   * Housekeeping for a quiet moment (after a bar's orders went out): SQLite folds its write-ahead log
   * into the database here rather than inside a later commit on the decision path. Changes no data.
   */
  checkpoint(): Promise<void>;
}
