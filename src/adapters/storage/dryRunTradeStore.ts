import type {
  AcquireLockOptions,
  ApplyFillResult,
  EquityPeakAndLatest,
  EquitySnapshotRecord,
  FillRecord,
  GoLiveRecord,
  GoLiveRecordKind,
  ProfileAssignmentRecord,
  RiskStageRecord,
  RiskGuardDecisionRecord,
  FundingPaymentRecord,
  ExchangeHealthRecord,
  FailoverEventRecord,
  IncidentRecord,
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
} from '../../ports/tradeStore.ts';
import { TERMINAL_ORDER_STATUSES } from '../../ports/tradeStore.ts';
import { nextPosition } from './nextPosition.ts';
import { inEffectOrder, inForce } from './tradingStateTimeline.ts';

/** History entries written here sort after every entry of the real store. */
const OWN_SEQUENCE_FROM = 2 ** 52;

const within = (atMs: number, range: TimeRange | undefined): boolean => (range?.fromMs === undefined || atMs >= range.fromMs) && (range?.toMs === undefined || atMs <= range.toMs);

/**
 * The operator's store as a dry run sees it: every read goes to the real store, every write stays in
 * this process's memory and is read back over it (an intent written here is found by the next look-up,
 * a fill moves the position). Chosen over a copy of the store (PostgreSQL or SQLite, any size) and over
 * a dry-run flag in the runner: the runner reconciles against the operator's real records and decides
 * exactly as it would live, yet nothing it writes (intents, orders, equity, risk events, incidents,
 * trading states, the lock) reaches the store a live runner uses. Gone when the process ends.
 */
export class DryRunTradeStore implements TradeStore {
  private readonly intents = new Map<string, OrderIntentRecord>();
  private readonly orders = new Map<string, OrderRecord>();
  private readonly history: OrderHistoryEntry[] = [];
  private readonly fills: FillRecord[] = [];
  private readonly positions = new Map<string, PositionRecord>();
  private readonly equity: EquitySnapshotRecord[] = [];
  private readonly riskEvents: RiskEventRecord[] = [];
  private readonly transitions: TradingStateTransition[] = [];
  private readonly signals: SignalRecord[] = [];
  private readonly incidents: IncidentRecord[] = [];
  private readonly goLive: GoLiveRecord[] = [];
  private readonly riskGuard: RiskGuardDecisionRecord[] = [];
  private readonly exchangeHealth: ExchangeHealthRecord[] = [];
  private readonly failoverEvents: FailoverEventRecord[] = [];
  private readonly profileAssignments: ProfileAssignmentRecord[] = [];
  private readonly riskStages: RiskStageRecord[] = [];
  private readonly fundingPayments: FundingPaymentRecord[] = [];
  private readonly locks = new Map<string, { owner: string; token: number; heartbeatAtMs: number; ttlMs: number }>();
  private tokens = 0;

  constructor(private readonly real: TradeStore) {}

  migrate(): Promise<{ applied: number[] }> {
    return Promise.resolve({ applied: [] });
  }
  schemaVersion(): Promise<number> {
    return this.real.schemaVersion();
  }
  /** The real store is its opener's to close. */
  async close(): Promise<void> {}

  async recordIntent(intent: OrderIntentRecord): Promise<{ created: boolean }> {
    if ((await this.getIntent(intent.clientOrderId)) !== undefined) return { created: false };
    this.intents.set(intent.clientOrderId, { ...intent });
    return { created: true };
  }
  async recordIntentBeforeSend(record: IntentBeforeSend): Promise<{ created: boolean }> {
    const result = await this.recordIntent(record.intent);
    await this.recordOrderUpdate(record.order);
    if (record.equitySnapshot !== undefined) await this.recordEquitySnapshot(record.equitySnapshot);
    return result;
  }
  async setIntentState(clientOrderId: string, state: IntentState, atMs: number): Promise<boolean> {
    const intent = await this.getIntent(clientOrderId);
    if (intent === undefined) return false;
    this.intents.set(clientOrderId, { ...intent, state, stateChangedAtMs: atMs });
    return true;
  }
  async getIntent(clientOrderId: string): Promise<OrderIntentRecord | undefined> {
    return this.intents.get(clientOrderId) ?? this.real.getIntent(clientOrderId);
  }
  async listIntents(filter?: { account?: string; state?: IntentState }): Promise<OrderIntentRecord[]> {
    const real = (await this.real.listIntents(filter?.account !== undefined ? { account: filter.account } : undefined)).filter((intent) => !this.intents.has(intent.clientOrderId));
    return [...real, ...this.intents.values()].filter((intent) => (filter?.account === undefined || intent.account === filter.account) && (filter?.state === undefined || intent.state === filter.state));
  }

  async recordOrderUpdate(update: OrderUpdate): Promise<OrderRecord> {
    const before = await this.getOrder(update.clientOrderId);
    const record: OrderRecord = {
      clientOrderId: update.clientOrderId,
      account: update.account,
      symbol: update.symbol,
      venueOrderId: update.venueOrderId ?? before?.venueOrderId ?? null,
      status: update.status,
      filledQuantity: update.filledQuantity,
      averagePrice: update.averagePrice,
      updatedAtMs: update.atMs,
    };
    this.orders.set(update.clientOrderId, record);
    this.history.push({ ...update, venueOrderId: record.venueOrderId, sequence: OWN_SEQUENCE_FROM + this.history.length });
    return record;
  }
  async getOrder(clientOrderId: string): Promise<OrderRecord | undefined> {
    return this.orders.get(clientOrderId) ?? this.real.getOrder(clientOrderId);
  }
  async orderHistory(clientOrderId: string): Promise<OrderHistoryEntry[]> {
    return [...(await this.real.orderHistory(clientOrderId)), ...this.history.filter((entry) => entry.clientOrderId === clientOrderId)];
  }
  async listOpenOrders(account?: string): Promise<OrderRecord[]> {
    const real = (await this.real.listOpenOrders(account)).filter((order) => !this.orders.has(order.clientOrderId));
    const own = [...this.orders.values()].filter((order) => (account === undefined || order.account === account) && !TERMINAL_ORDER_STATUSES.includes(order.status));
    return [...real, ...own];
  }

  async applyFill(fill: FillRecord): Promise<ApplyFillResult> {
    const key = (each: FillRecord): string => `${each.account}|${each.symbol}|${each.tradeId}`;
    const seen = this.fills.some((each) => key(each) === key(fill)) || (await this.real.listFills({ account: fill.account, symbol: fill.symbol })).some((each) => key(each) === key(fill));
    const previous = await this.getPosition(fill.account, fill.symbol);
    if (seen) return { applied: false, position: previous ?? { account: fill.account, symbol: fill.symbol, quantity: '0', entryPrice: '0', realizedPnl: '0', updatedAtMs: fill.atMs } };
    this.fills.push({ ...fill });
    const position = nextPosition(previous, fill);
    this.positions.set(`${fill.account}|${fill.symbol}`, position);
    return { applied: true, position };
  }
  async listFills(filter?: { account?: string; symbol?: string } & TimeRange): Promise<FillRecord[]> {
    const own = this.fills.filter((fill) => (filter?.account === undefined || fill.account === filter.account) && (filter?.symbol === undefined || fill.symbol === filter.symbol) && within(fill.atMs, filter));
    return [...(await this.real.listFills(filter)), ...own];
  }
  async getPosition(account: string, symbol: string): Promise<PositionRecord | undefined> {
    return this.positions.get(`${account}|${symbol}`) ?? this.real.getPosition(account, symbol);
  }
  async listPositions(account?: string): Promise<PositionRecord[]> {
    const real = (await this.real.listPositions(account)).filter((position) => !this.positions.has(`${position.account}|${position.symbol}`));
    return [...real, ...[...this.positions.values()].filter((position) => account === undefined || position.account === account)];
  }

  async recordEquitySnapshot(snapshot: EquitySnapshotRecord): Promise<void> {
    this.equity.push({ ...snapshot });
  }
  async listEquitySnapshots(account: string, range?: TimeRange): Promise<EquitySnapshotRecord[]> {
    const own = this.equity.filter((snapshot) => snapshot.account === account && within(snapshot.atMs, range));
    return [...(await this.real.listEquitySnapshots(account, range)), ...own];
  }

  async equityPeakAndLatest(account: string): Promise<EquityPeakAndLatest | undefined> {
    let found = await this.real.equityPeakAndLatest(account);
    // This run's own snapshots were written after the real store's: a tie keeps the earlier peak and takes the later latest.
    for (const snapshot of this.equity) {
      if (snapshot.account !== account) continue;
      if (found === undefined) found = { peak: snapshot, latest: snapshot };
      else {
        found = {
          peak: Number(snapshot.equity) > Number(found.peak.equity) ? snapshot : found.peak,
          latest: snapshot.atMs >= found.latest.atMs ? snapshot : found.latest,
        };
      }
    }
    return found;
  }

  async recordRiskEvent(event: RiskEventRecord): Promise<void> {
    this.riskEvents.push({ ...event });
  }
  async listRiskEvents(filter?: { account?: string } & TimeRange): Promise<RiskEventRecord[]> {
    const own = this.riskEvents.filter((event) => (filter?.account === undefined || event.account === filter.account) && within(event.atMs, filter));
    return [...(await this.real.listRiskEvents(filter)), ...own];
  }

  async recordTradingState(change: TradingStateChange): Promise<TradingStateTransition> {
    const transition: TradingStateTransition = { ...change, previousState: (await this.loadTradingState(change.account))?.state ?? null };
    this.transitions.push(transition);
    return transition;
  }
  async loadTradingState(account: string): Promise<TradingStateTransition | undefined> {
    return inForce(await this.listTradingStateTransitions(account));
  }
  async listTradingStateTransitions(account: string): Promise<TradingStateTransition[]> {
    return inEffectOrder([...(await this.real.listTradingStateTransitions(account)), ...this.transitions.filter((transition) => transition.account === account)]);
  }

  async recordSignal(signal: SignalRecord): Promise<void> {
    this.signals.push({ ...signal });
  }
  async listSignals(filter?: { sleeve?: string; symbol?: string } & TimeRange): Promise<SignalRecord[]> {
    const own = this.signals.filter((signal) => (filter?.sleeve === undefined || signal.sleeve === filter.sleeve) && (filter?.symbol === undefined || signal.symbol === filter.symbol) && within(signal.atMs, filter));
    return [...(await this.real.listSignals(filter)), ...own];
  }

  async recordIncident(incident: IncidentRecord): Promise<void> {
    this.incidents.push({ ...incident });
  }
  async listIncidents(range?: TimeRange): Promise<IncidentRecord[]> {
    return [...(await this.real.listIncidents(range)), ...this.incidents.filter((incident) => within(incident.atMs, range))];
  }

  async recordExchangeHealth(record: ExchangeHealthRecord): Promise<void> {
    this.exchangeHealth.push({ ...record });
  }
  async listExchangeHealth(filter?: { account?: string } & TimeRange): Promise<ExchangeHealthRecord[]> {
    const own = this.exchangeHealth.filter((record) => (filter?.account === undefined || record.account === filter.account) && within(record.atMs, filter));
    return [...(await this.real.listExchangeHealth(filter)), ...own];
  }
  async recordFailoverEvent(event: FailoverEventRecord): Promise<void> {
    this.failoverEvents.push({ ...event });
  }
  async listFailoverEvents(filter?: { sleeve?: string } & TimeRange): Promise<FailoverEventRecord[]> {
    const own = this.failoverEvents.filter((event) => (filter?.sleeve === undefined || event.sleeve === filter.sleeve) && within(event.atMs, filter));
    return [...(await this.real.listFailoverEvents(filter)), ...own];
  }
  async recordRiskGuardDecision(decision: RiskGuardDecisionRecord): Promise<void> {
    this.riskGuard.push({ ...decision });
  }
  async listRiskGuardDecisions(filter?: { account?: string } & TimeRange): Promise<RiskGuardDecisionRecord[]> {
    const own = this.riskGuard.filter((decision) => (filter?.account === undefined || decision.account === filter.account) && within(decision.atMs, filter));
    return [...(await this.real.listRiskGuardDecisions(filter)), ...own];
  }
  async recordFundingPayment(payment: FundingPaymentRecord): Promise<{ created: boolean }> {
    const same = (other: FundingPaymentRecord): boolean => other.account === payment.account && other.symbol === payment.symbol && other.paymentId === payment.paymentId;
    if (this.fundingPayments.some(same) || (await this.real.listFundingPayments({ account: payment.account, symbol: payment.symbol })).some(same)) return { created: false };
    this.fundingPayments.push({ ...payment });
    return { created: true };
  }
  async listFundingPayments(filter?: { account?: string; symbol?: string } & TimeRange): Promise<FundingPaymentRecord[]> {
    const own = this.fundingPayments.filter((payment) => (filter?.account === undefined || payment.account === filter.account) && (filter?.symbol === undefined || payment.symbol === filter.symbol) && within(payment.atMs, filter));
    return [...(await this.real.listFundingPayments(filter)), ...own].sort((a, b) => a.atMs - b.atMs);
  }
  async recordProfileAssignment(assignment: ProfileAssignmentRecord): Promise<void> {
    this.profileAssignments.push({ ...assignment });
  }
  async recordRiskStage(stage: RiskStageRecord): Promise<void> {
    this.riskStages.push({ ...stage });
  }
  async listRiskStages(filter?: { account?: string; sleeve?: string }): Promise<RiskStageRecord[]> {
    const own = this.riskStages.filter((stage) => (filter?.account === undefined || stage.account === filter.account) && (filter?.sleeve === undefined || stage.sleeve === filter.sleeve));
    return [...(await this.real.listRiskStages(filter)), ...own];
  }
  async listProfileAssignments(filter?: { account?: string }): Promise<ProfileAssignmentRecord[]> {
    const own = this.profileAssignments.filter((assignment) => filter?.account === undefined || assignment.account === filter.account);
    return [...(await this.real.listProfileAssignments(filter)), ...own];
  }
  async recordGoLive(record: GoLiveRecord): Promise<void> {
    this.goLive.push({ ...record });
  }
  async listGoLive(filter?: { account?: string; kind?: GoLiveRecordKind } & TimeRange): Promise<GoLiveRecord[]> {
    const own = this.goLive.filter((record) => (filter?.account === undefined || record.account === filter.account) && (filter?.kind === undefined || record.kind === filter.kind) && within(record.atMs, filter));
    return [...(await this.real.listGoLive(filter)), ...own];
  }

  /**
   * The dry run's lock lives here too: it sends nothing, so it may run beside the account's live
   * runner without taking (or waiting for) that runner's lock.
   */
  async acquireLock(name: string, owner: string, ttlMs: number, nowMs: number, _options?: AcquireLockOptions): Promise<LockResult> {
    const held = this.locks.get(name);
    if (held !== undefined && held.owner !== owner && held.heartbeatAtMs + held.ttlMs >= nowMs) return { acquired: false, ...held };
    const token = ++this.tokens;
    this.locks.set(name, { owner, token, heartbeatAtMs: nowMs, ttlMs });
    return held === undefined ? { acquired: true, token } : { acquired: true, token, previous: { ...held } };
  }
  async heartbeat(name: string, owner: string, nowMs: number): Promise<boolean> {
    const held = this.locks.get(name);
    if (held === undefined || held.owner !== owner) return false;
    held.heartbeatAtMs = nowMs;
    return true;
  }
  async releaseLock(name: string, owner: string): Promise<boolean> {
    if (this.locks.get(name)?.owner !== owner) return false;
    this.locks.delete(name);
    return true;
  }
  /** One holder at a time in one process: the view is the store itself. */
  fenced(_name: string, _token: number): TradeStore {
    return this;
  }
  instanceId(): Promise<string> {
    return this.real.instanceId();
  }
  async checkpoint(): Promise<void> {}
}
