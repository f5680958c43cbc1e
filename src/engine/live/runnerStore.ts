import { LockLostError } from '../../domain/errors/lockLostError.ts';
import type {
  AcquireLockOptions,
  ApplyFillResult,
  EquityPeakAndLatest,
  EquitySnapshotRecord,
  FillRecord,
  GoLiveRecord,
  GoLiveRecordKind,
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
  RiskGuardDecisionRecord,
  FundingPaymentRecord,
  ExchangeHealthRecord,
  FailoverEventRecord,
  ProfileAssignmentRecord,
  RiskStageRecord,
  SignalRecord,
  TimeRange,
  TradeStore,
  TradingStateChange,
  TradingStateTransition,
} from '../../ports/tradeStore.ts';

/**
 * The store as one live runner writes it: every write goes through the store's fenced view of the
 * runner's lock (`hold`), so a runner that lost its lock stores nothing more. The first refused write
 * (or lost heartbeat) is latched in `lost`: from then on every write fails with it at once, and the
 * runner's gateway guard refuses every venue request. Shared by the runner, its streams and its
 * gateway's incident sink, which all exist before the lock is taken. Reads go to the store itself.
 */
export class RunnerStore implements TradeStore {
  private view: TradeStore | undefined;
  private held: { readonly name: string; readonly token: number } | undefined;
  /** Why this runner may no longer write or reach the venue; undefined while it holds its lock. */
  lost: LockLostError | undefined;

  /**
   * `onIncident` hears every incident this runner stored (after the write committed): the app opens a
   * post-mortem incident with its snapshot on a halt or a failed reconciliation. It must not throw.
   */
  constructor(
    readonly base: TradeStore,
    private readonly onIncident?: (incident: IncidentRecord) => void,
  ) {}

  /** Writes from now on carry lock `name`'s fencing `token`. */
  hold(name: string, token: number): void {
    this.view = this.base.fenced(name, token);
    this.held = { name, token };
    this.lost = undefined;
  }

  /** The token held, if any. */
  get token(): number | undefined {
    return this.held?.token;
  }

  /** Latches the loss (the first one is kept) and returns the error to throw. */
  loseLock(error?: LockLostError): LockLostError {
    this.lost ??= error ?? new LockLostError(this.held?.name ?? 'runner lock', this.held?.token ?? 0, null);
    return this.lost;
  }

  private async write<T>(work: (store: TradeStore) => Promise<T>): Promise<T> {
    if (this.lost !== undefined) throw this.lost;
    const view = this.view;
    if (view === undefined) throw new Error('a live runner writes to the store only while it holds its lock');
    try {
      return await work(view);
    } catch (error) {
      if (error instanceof LockLostError) throw this.loseLock(error);
      throw error;
    }
  }

  migrate(): Promise<{ applied: number[] }> {
    return this.base.migrate();
  }
  schemaVersion(): Promise<number> {
    return this.base.schemaVersion();
  }
  close(): Promise<void> {
    return this.base.close();
  }
  recordIntent(intent: OrderIntentRecord): Promise<{ created: boolean }> {
    return this.write((store) => store.recordIntent(intent));
  }
  recordIntentBeforeSend(record: IntentBeforeSend): Promise<{ created: boolean }> {
    return this.write((store) => store.recordIntentBeforeSend(record));
  }
  setIntentState(clientOrderId: string, state: IntentState, atMs: number): Promise<boolean> {
    return this.write((store) => store.setIntentState(clientOrderId, state, atMs));
  }
  getIntent(clientOrderId: string): Promise<OrderIntentRecord | undefined> {
    return this.base.getIntent(clientOrderId);
  }
  listIntents(filter?: { account?: string; state?: IntentState }): Promise<OrderIntentRecord[]> {
    return this.base.listIntents(filter);
  }
  recordOrderUpdate(update: OrderUpdate): Promise<OrderRecord> {
    return this.write((store) => store.recordOrderUpdate(update));
  }
  getOrder(clientOrderId: string): Promise<OrderRecord | undefined> {
    return this.base.getOrder(clientOrderId);
  }
  orderHistory(clientOrderId: string): Promise<OrderHistoryEntry[]> {
    return this.base.orderHistory(clientOrderId);
  }
  listOpenOrders(account?: string): Promise<OrderRecord[]> {
    return this.base.listOpenOrders(account);
  }
  applyFill(fill: FillRecord): Promise<ApplyFillResult> {
    return this.write((store) => store.applyFill(fill));
  }
  listFills(filter?: { account?: string; symbol?: string } & TimeRange): Promise<FillRecord[]> {
    return this.base.listFills(filter);
  }
  getPosition(account: string, symbol: string): Promise<PositionRecord | undefined> {
    return this.base.getPosition(account, symbol);
  }
  listPositions(account?: string): Promise<PositionRecord[]> {
    return this.base.listPositions(account);
  }
  recordEquitySnapshot(snapshot: EquitySnapshotRecord): Promise<void> {
    return this.write((store) => store.recordEquitySnapshot(snapshot));
  }
  listEquitySnapshots(account: string, range?: TimeRange): Promise<EquitySnapshotRecord[]> {
    return this.base.listEquitySnapshots(account, range);
  }
  equityPeakAndLatest(account: string): Promise<EquityPeakAndLatest | undefined> {
    return this.base.equityPeakAndLatest(account);
  }
  recordRiskEvent(event: RiskEventRecord): Promise<void> {
    return this.write((store) => store.recordRiskEvent(event));
  }
  listRiskEvents(filter?: { account?: string } & TimeRange): Promise<RiskEventRecord[]> {
    return this.base.listRiskEvents(filter);
  }
  recordTradingState(change: TradingStateChange): Promise<TradingStateTransition> {
    return this.write((store) => store.recordTradingState(change));
  }
  loadTradingState(account: string): Promise<TradingStateTransition | undefined> {
    return this.base.loadTradingState(account);
  }
  listTradingStateTransitions(account: string): Promise<TradingStateTransition[]> {
    return this.base.listTradingStateTransitions(account);
  }
  recordSignal(signal: SignalRecord): Promise<void> {
    return this.write((store) => store.recordSignal(signal));
  }
  listSignals(filter?: { sleeve?: string; symbol?: string } & TimeRange): Promise<SignalRecord[]> {
    return this.base.listSignals(filter);
  }
  async recordIncident(incident: IncidentRecord): Promise<void> {
    await this.write((store) => store.recordIncident(incident));
    this.onIncident?.(incident);
  }
  listIncidents(range?: TimeRange): Promise<IncidentRecord[]> {
    return this.base.listIncidents(range);
  }
  recordGoLive(record: GoLiveRecord): Promise<void> {
    return this.write((store) => store.recordGoLive(record));
  }
  listGoLive(filter?: { account?: string; kind?: GoLiveRecordKind } & TimeRange): Promise<GoLiveRecord[]> {
    return this.base.listGoLive(filter);
  }
  recordExchangeHealth(record: ExchangeHealthRecord): Promise<void> {
    return this.write((store) => store.recordExchangeHealth(record));
  }
  listExchangeHealth(filter?: { account?: string } & TimeRange): Promise<ExchangeHealthRecord[]> {
    return this.base.listExchangeHealth(filter);
  }
  recordFailoverEvent(event: FailoverEventRecord): Promise<void> {
    return this.write((store) => store.recordFailoverEvent(event));
  }
  listFailoverEvents(filter?: { sleeve?: string } & TimeRange): Promise<FailoverEventRecord[]> {
    return this.base.listFailoverEvents(filter);
  }
  recordRiskGuardDecision(decision: RiskGuardDecisionRecord): Promise<void> {
    return this.write((store) => store.recordRiskGuardDecision(decision));
  }
  listRiskGuardDecisions(filter?: { account?: string } & TimeRange): Promise<RiskGuardDecisionRecord[]> {
    return this.base.listRiskGuardDecisions(filter);
  }
  recordFundingPayment(payment: FundingPaymentRecord): Promise<{ created: boolean }> {
    return this.write((store) => store.recordFundingPayment(payment));
  }
  listFundingPayments(filter?: { account?: string; symbol?: string } & TimeRange): Promise<FundingPaymentRecord[]> {
    return this.base.listFundingPayments(filter);
  }
  recordProfileAssignment(assignment: ProfileAssignmentRecord): Promise<void> {
    return this.write((store) => store.recordProfileAssignment(assignment));
  }
  recordRiskStage(stage: RiskStageRecord): Promise<void> {
    return this.write((store) => store.recordRiskStage(stage));
  }
  listRiskStages(filter?: { account?: string; sleeve?: string }): Promise<RiskStageRecord[]> {
    return this.base.listRiskStages(filter);
  }
  listProfileAssignments(filter?: { account?: string }): Promise<ProfileAssignmentRecord[]> {
    return this.base.listProfileAssignments(filter);
  }
  acquireLock(name: string, owner: string, ttlMs: number, nowMs: number, options?: AcquireLockOptions): Promise<LockResult> {
    return this.base.acquireLock(name, owner, ttlMs, nowMs, options);
  }
  /** Through the fenced view: false once another hold replaced ours (and the loss is latched). */
  async heartbeat(name: string, owner: string, nowMs: number): Promise<boolean> {
    if (this.lost !== undefined || this.view === undefined) return false;
    const alive = await this.view.heartbeat(name, owner, nowMs);
    if (!alive) this.loseLock();
    return alive;
  }
  /** Releases our own hold only (never a newer holder's); writes are refused afterwards. */
  async releaseLock(name: string, owner: string): Promise<boolean> {
    const view = this.view;
    if (view === undefined) return false;
    this.view = undefined;
    return view.releaseLock(name, owner);
  }
  checkpoint(): Promise<void> {
    return this.base.checkpoint();
  }
  fenced(name: string, token: number): TradeStore {
    return (this.view ?? this.base).fenced(name, token);
  }
  instanceId(): Promise<string> {
    return this.base.instanceId();
  }
}
