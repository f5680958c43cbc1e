import { Decimal } from 'decimal.js';
import { OrderDeniedError, OrderDenialReason } from '../../domain/errors/exchangeErrors.ts';
import { LockLostError } from '../../domain/errors/lockLostError.ts';
import { StrategyError } from '../../domain/errors/strategyError.ts';
import { clientOrderId as makeClientOrderId } from '../../domain/order/clientOrderId.ts';
import { isTerminalStatus, type OrderRequest, type VenueOrder } from '../../domain/order/venueOrder.ts';
import type { Clock } from '../../ports/clock.ts';
import type { BookTicker, ExchangeGateway, VenuePosition } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { EquitySnapshotRecord, TradeStore } from '../../ports/tradeStore.ts';
import { StepGrid } from '../../domain/money/stepGrid.ts';
import type { MarketSnapshot, OrderIntent, RiskEngine, TradingStateChanged } from '../../risk/index.ts';
import type { RiskGate } from '../risk/riskGate.ts';
import { riskEventOfDenial } from '../risk/riskEventRecords.ts';
import type { VenuePositionInput, VenueRiskInput } from '../risk/venueRiskSnapshot.ts';
import { sizeTargetLots } from '../sleeve/sizeTargetLots.ts';
import { stopPriceFromFill } from '../sleeve/stopPriceFromFill.ts';
import { takeProfitPriceFromFill } from '../sleeve/takeProfitPriceFromFill.ts';
import { simulatedFillPriceOnGrid } from '../simulated/simulatedFillPrice.ts';
import { lockGuardedGateway } from './lockGuardedGateway.ts';
import { marketSnapshotOf } from './marketSnapshotOf.ts';
import { DeadManSwitch } from './deadManSwitch.ts';
import { VenueConnection } from './venueConnection.ts';
import { completeFlatten, pendingFlattens, requestFlatten, type FlattenRequest } from './flattenRequests.ts';
import { flattenPositions } from './flattenPositions.ts';
import { haltPolicyOf, mustFlatten, type HaltPolicy } from './haltPolicy.ts';
import { LiveReadiness, LiveStartRefusedError, type DecisionSource, type LiveSettings, type LiveStreams, type PlannedOrder, type SleeveDecision } from './liveTypes.ts';
import { OtherRunnerError, otherRunnerOrders } from './otherRunnerOrders.ts';
import { reconcileAccount, type ReconcileReport } from './reconcileAccount.ts';
import { RunnerLock } from './runnerLock.ts';
import { RunnerStore } from './runnerStore.ts';
import { deniedBy, NoOrderReason, SleeveBarReports, type SleeveBarReport } from './sleeveBarReport.ts';
import { referencePriceField } from './intentReferencePrice.ts';
import { syncFundingPayments } from './syncFundingPayments.ts';
import { PerBarReads } from './perBarReads.ts';
import { decimalText, recordVenueOrder, restoreEquityReferences, syncFills } from './venueBookkeeping.ts';

export interface LiveRunnerHooks {
  /** After the intent is stored, before the send (tests abandon the runner here: crash before send). */
  afterIntentStored?(clientOrderId: string): Promise<void> | void;
  /** After the venue answered, before the answer is stored (crash after send). */
  afterOrderSent?(clientOrderId: string): Promise<void> | void;
  /** Just before the gateway is asked to send (decision-latency measurement). */
  beforeSend?(clientOrderId: string): void;
}

export interface LiveRunnerDeps {
  readonly account: string;
  readonly gateway: ExchangeGateway;
  readonly store: TradeStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly risk: RiskEngine;
  /**
   * The risk gate around `risk` (the same object type the backtest kernel uses): every order of the
   * runner is checked through it, with the same denial records, counters and state transitions.
   */
  readonly gate: RiskGate;
  readonly decide: DecisionSource;
  /** Decision work that needs no new bar (loading and warming strategies), done at start instead of on the first bar. */
  readonly prepareDecisions?: (nowMs: number) => Promise<void>;
  readonly symbols: readonly string[];
  readonly settings: LiveSettings;
  /** Lock owner, e.g. `host:pid`. */
  readonly owner: string;
  /**
   * Whether the process of a lock's holder (its owner name) is known to be gone, e.g. `host:pid` on this
   * host with no such process: its lock is taken over at once instead of after the holder's ttl.
   */
  readonly lockHolderGone?: (owner: string) => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  readonly hooks?: LiveRunnerHooks;
  /** Websocket streams (`--ws`): fills arrive on the user stream, and a stale market feed pauses entries. */
  readonly streams?: LiveStreams;
  /**
   * The go-live gate, asked at each decision: may an order that opens or increases risk go out now?
   * A refusal skips the entry (ORDER_SKIPPED); reduce-only exits and protective stops always go out.
   * Absent: always (paper, testnet, dry runs).
   */
  readonly entryPermission?: (nowMs: number) => Promise<{ readonly allowed: boolean; readonly reason: string }>;
  /** The equity entries are sized from, given the venue's: the capital ladder caps it at the stage's capital. Absent: the venue's. */
  readonly sizingEquity?: (equity: number, nowMs: number) => Promise<number>;
  /** Each sleeve's staged risk per trade (`sizing.stages`, read once per bar); a sleeve it leaves out sizes from the settings. Absent: the settings'. */
  readonly riskPerTrade?: () => Promise<ReadonlyMap<string, number>>;
  /** The risk guard's size multiplier for this account (REDUCE: 0.5; an approved SCALE_UP: 1.5), applied to every new target; 1 when absent. */
  readonly sizeMultiplier?: () => Promise<number>;
}

export type BarOutcome =
  | { readonly skipped: 'NOT_READY' | 'HALTED'; readonly orders: readonly PlannedOrder[]; readonly sleeves?: readonly SleeveBarReport[] }
  | { readonly skipped: undefined; readonly orders: readonly PlannedOrder[]; readonly sleeves?: readonly SleeveBarReport[] };

interface VenueView {
  equity: number;
  walletBalance: Decimal;
  unrealizedPnl: Decimal;
  positions: Map<string, VenuePosition>;
  open: VenueOrder[];
  marks: Map<string, number>;
  books: Map<string, BookTicker>;
}

/** The view's position on `symbol` after our own fills moved it to `quantity` (flat: none). */
function moveVenuePosition(venue: VenueView, symbol: string, quantity: Decimal): void {
  const current = venue.positions.get(symbol);
  if (quantity.isZero()) venue.positions.delete(symbol);
  else if (current !== undefined) venue.positions.set(symbol, { ...current, quantity });
}

/** Filled in part and still open at the venue: the rest may fill at any later moment. */
function isWorkingPartialFill(order: VenueOrder): boolean {
  return order.executedQuantity.gt(0) && order.executedQuantity.lt(order.quantity) && !isTerminalStatus(order.status) && order.status !== 'UNKNOWN';
}

const RECONCILE_RETRY_BETWEEN_BARS_MS = 30_000;

type SendResult = { kind: 'placed'; order: VenueOrder } | { kind: 'unknown' } | { kind: 'denied'; reason: OrderDenialReason; local: boolean; riskCode?: string } | { kind: 'skipped' };

/**
 * Risk denials on conditions of the live market the kernel's bars cannot show (the mark has left the
 * decision's close, stale or missing data, a throttle or duplicate window): the entry is asked again
 * at the next bar. Any other denial stands for the target, as the kernel's book keeps a refused target.
 */
const RETRIED_DENIALS: ReadonlySet<string> = new Set(['PRICE_OUTSIDE_COLLAR', 'DATA_STALE', 'MARK_PRICE_STALE', 'MARK_PRICE_UNAVAILABLE', 'INVALID_SNAPSHOT', 'DUPLICATE_ORDER', 'ORDER_RATE_EXCEEDED']);

/**
 * Live trading of one account: fail-closed startup (lock, clock, one-way mode, isolated margin and
 * leverage, reconciliation), then per closed bar the sleeves' targets → orders against the venue
 * position → risk engine → stored intent → idempotent send → stored order and fills → protective stop.
 */
export class LiveAccountRunner {
  readiness: LiveReadiness = LiveReadiness.NOT_READY;
  /** Orders sent (to a dry run's gateway: recorded, not sent), in order. */
  readonly planned: PlannedOrder[] = [];
  /** How long the last entry stayed without a protective stop, ms (0 when the stop went on at once). */
  lastNakedMs = 0;
  /** Every write of this runner goes through it, carrying the lock's fencing token. */
  private readonly store: RunnerStore;
  private readonly lock: RunnerLock;
  /** The store's instance id, carried in every client order id of this runner. */
  private instanceId: string | undefined;
  private readonly deps: LiveRunnerDeps;
  /** This bar's equity snapshot until stored: with the bar's first intent (one commit), else after the decisions. */
  private unsavedEquity: EquitySnapshotRecord | undefined;
  private readonly venue: VenueConnection;
  /** Between bars a failed reconciliation is retried no sooner than this (each failure is an incident). */
  private nextReconcileAtMs = 0;
  /** The last bar's decisions: their stop distances let the halt path re-place stops between bars. */
  private lastDecisions: readonly SleeveDecision[] = [];
  /** Flatten requests already reported as not done within the bound (one alert and incident each). */
  private readonly flattenFailuresReported = new Set<number>();
  private readonly deadMan: DeadManSwitch;
  /** Per sleeve at this bar: decision, venue position, orders or why none (the dry run's table). */
  private report = new SleeveBarReports();
  /**
   * Per sleeve, the target last acted on and the venue position that left: while both hold, the sleeve
   * sends nothing, as the kernel's book proposes an order only when the strategy's target changes (a
   * target the gate denied or resized is not asked again at every bar, nor a position re-sized as
   * equity moves; a stop fill moves the position and re-opens the question). In memory: the first bar
   * after a start re-targets.
   */
  private readonly settled = new Map<string, { readonly target: number; readonly position: Decimal }>();
  /** The store reads of the bar being decided, shared by its sleeves. */
  private readonly barReads = new PerBarReads();

  constructor(deps: LiveRunnerDeps) {
    if (deps.gate.engine !== deps.risk) throw new RangeError('the live runner\'s risk gate must wrap its risk engine');
    this.store = deps.store instanceof RunnerStore ? deps.store : new RunnerStore(deps.store);
    this.lock = new RunnerLock(this.store, { ...deps, ttlMs: deps.settings.lockTtlMs });
    // Once the lock is lost, no venue request leaves this runner (the store refuses its writes already).
    this.deps = { ...deps, store: this.store, gateway: lockGuardedGateway(deps.gateway, () => this.store.lost) };
    // Before any venue setting is touched: the account may be another runner's.
    this.venue = new VenueConnection({ ...this.deps, afterConnect: () => this.refuseBesideOtherRunner() });
    this.deadMan = new DeadManSwitch({ account: deps.account, gateway: this.deps.gateway, logger: deps.logger, countdownMs: deps.settings.deadManCountdownMs ?? 0 });
  }

  get account(): string {
    return this.deps.account;
  }

  /**
   * Startup; throws LiveStartRefusedError when the account must not trade, having released the lock.
   * Reconciliation failure leaves it NOT_READY.
   */
  async start(): Promise<ReconcileReport | undefined> {
    await this.lock.take();
    try {
      this.instanceId = await this.store.instanceId();
      return await this.startHoldingLock();
    } catch (error) {
      // A refused start leaves the lock free for the next start, at once.
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  /** Whether another runner took this one's lock (it then writes nothing and sends nothing). */
  get lockLost(): boolean {
    return this.lock.lost;
  }

  /** Refreshes the lock between bars; LockLostError once another runner holds it (this runner must stop). */
  async keepAlive(): Promise<void> {
    await this.lock.keepAlive();
  }

  /** The start's checks and reconciliation, with the lock held. */
  private async startHoldingLock(): Promise<ReconcileReport | undefined> {
    const { deps } = this;
    const fed = await restoreEquityReferences(deps.store, deps.risk.emergencyStop(deps.account), deps.account, deps.clock.nowMs());
    if (fed > 0) await this.alignTradingState();
    if (!(await this.connectVenue())) return undefined;
    const report = await this.reconcile();
    try {
      await deps.prepareDecisions?.(deps.clock.nowMs());
    } catch (error) {
      // Not fatal: the first bar does the same work itself and fails closed there if it still cannot.
      deps.logger.warn('decisions_not_prepared', { account: deps.account, reason: (error as Error).message });
    }
    return report;
  }

  /** One runner per venue account: open orders of another store's runner refuse the start. */
  private async refuseBesideOtherRunner(): Promise<void> {
    const { deps } = this;
    let open;
    try {
      open = await deps.gateway.fetchOpenOrders();
    } catch (error) {
      if (error instanceof LockLostError) throw error;
      // Unread here, the reconciliation reads the book again and stays NOT_READY on failure or on another runner's orders.
      return;
    }
    const other = await this.noteOtherRunner(open, deps.clock.nowMs());
    if (other !== undefined) throw new LiveStartRefusedError(deps.account, 'OTHER_RUNNER', other.message, { cause: other });
  }

  /** Another store's runner's open orders at the venue: NOT_READY, an alert and an incident, and the error describing them. */
  private async noteOtherRunner(open: readonly VenueOrder[], nowMs: number): Promise<OtherRunnerError | undefined> {
    const { deps } = this;
    const instanceId = this.instanceId;
    const others = instanceId === undefined ? [] : otherRunnerOrders(open, instanceId);
    if (others.length === 0) return undefined;
    this.readiness = LiveReadiness.NOT_READY;
    const error = new OtherRunnerError(deps.account, others, instanceId as string);
    deps.logger.error('alert_other_runner', { account: deps.account, state: this.readiness, reason: error.message });
    await deps.store.recordIncident({ atMs: nowMs, kind: 'OTHER_RUNNER', severity: 'CRITICAL', detail: { account: deps.account, instances: [...error.instances], reason: error.message } });
    return error;
  }

  /** Sets the venue up once; until it is usable the account stays NOT_READY (see venueConnection.ts). */
  private async connectVenue(): Promise<boolean> {
    if (await this.venue.ensure()) return true;
    this.readiness = LiveReadiness.NOT_READY;
    return false;
  }

  /** Reconciles store and venue; READY only when it completes. */
  async reconcile(): Promise<ReconcileReport | undefined> {
    const { deps } = this;
    this.readiness = LiveReadiness.NOT_READY;
    try {
      const report = await reconcileAccount({ ...deps, ...(this.instanceId !== undefined ? { instanceId: this.instanceId } : {}), externalPolicy: deps.settings.externalPolicy, lookupAttempts: deps.settings.lookupAttempts, lookupWindowMs: deps.settings.lookupWindowMs, nowMs: () => deps.clock.nowMs() });
      // A gateway that holds new entries after a failure storm (case 33) releases them only now.
      deps.gateway.markReconciled?.();
      this.readiness = LiveReadiness.READY;
      deps.logger.info('reconciled', { account: deps.account, state: this.readiness, count: report.fillsApplied, reason: report.haltReason ?? null });
      return report;
    } catch (error) {
      if (error instanceof LockLostError) throw error;
      this.nextReconcileAtMs = deps.clock.nowMs() + RECONCILE_RETRY_BETWEEN_BARS_MS;
      deps.logger.error(error instanceof OtherRunnerError ? 'alert_other_runner' : 'alert_not_ready', { account: deps.account, state: this.readiness, reason: (error as Error).message });
      await deps.store.recordIncident({ atMs: deps.clock.nowMs(), kind: error instanceof OtherRunnerError ? 'OTHER_RUNNER' : 'NOT_READY', severity: 'CRITICAL', detail: { account: deps.account, reason: (error as Error).message } });
      return undefined;
    }
  }

  /** One closed bar: decide, size against the venue, risk-check, send. */
  async onBarClose(): Promise<BarOutcome> {
    const { deps } = this;
    const nowMs = deps.clock.nowMs();
    await this.keepAlive();
    if (!(await this.connectVenue())) return { skipped: 'NOT_READY', orders: [] };
    await this.beforeBar(nowMs);
    if (this.readiness !== LiveReadiness.READY) await this.reconcile();
    // A halt acts at the venue even when reconciliation failed: cancelling and closing reduce-only never adds risk.
    const before = this.planned.length;
    const policy = await this.enforceHalt(nowMs, false);
    if (this.readiness !== LiveReadiness.READY) return { skipped: 'NOT_READY', orders: this.planned.slice(before) };
    let venue: VenueView;
    try {
      venue = await this.readVenue();
    } catch (error) {
      if (error instanceof LockLostError) throw error;
      this.readiness = LiveReadiness.NOT_READY;
      deps.logger.error('alert_not_ready', { account: deps.account, reason: (error as Error).message });
      return { skipped: 'NOT_READY', orders: [] };
    }
    // Another store's runner trades this account: no decision on a position that may be its own.
    if ((await this.noteOtherRunner(venue.open, nowMs)) !== undefined) return { skipped: 'NOT_READY', orders: [] };
    // The strategies see the position the venue holds now (read above), not one the engine assumes.
    let decisions: readonly SleeveDecision[];
    try {
      decisions = await deps.decide(nowMs, venue.positions);
    } catch (error) {
      if (!(error instanceof StrategyError)) throw error;
      await this.haltOnStrategyError(error, nowMs);
      return { skipped: 'HALTED', orders: this.planned.slice(before) };
    }
    this.lastDecisions = decisions;
    this.report = new SleeveBarReports();
    for (const decision of decisions) this.report.begin(decision, venue.positions.get(decision.symbol)?.quantity);
    let outcome: BarOutcome;
    try {
      if (await this.onEquity(venue, nowMs)) {
        // The emergency stop's HALT requires flat: its flatten request is acted on at once.
        await this.enforceHalt(nowMs, true);
        // The policy after the flatten: a request the venue reported done no longer holds its symbols.
        const halted = haltPolicyOf((await deps.store.loadTradingState(deps.account))?.state, await pendingFlattens(deps.store, deps.account));
        for (const decision of decisions) this.report.why(decision, { reason: NoOrderReason.HALTED, detail: 'the emergency stop halted the account: flattening' });
        // The decisions of sleeves that were flat meet the HALTED state as the kernel's do at the bar
        // that halts: an entry is held and denied by the gate (TRADING_HALTED), nothing is sent. A
        // sleeve just flattened is left to its close until the next bar, as the kernel's risk exit is.
        const flat = await this.readVenue();
        for (const decision of decisions) if (!mustFlatten(halted, decision.symbol) && !venue.positions.has(decision.symbol) && !flat.positions.has(decision.symbol)) await this.trade(decision, flat, nowMs, false);
        return { skipped: 'HALTED', orders: this.planned.slice(before), sleeves: this.report.reports(this.planned.slice(before)) };
      }
      // HALTED: exits and protective stops only; a symbol being flattened is left to the flatten.
      for (const decision of decisions) {
        if (!mustFlatten(policy, decision.symbol)) await this.trade(decision, venue, nowMs, policy.entriesAllowed);
        else this.report.why(decision, { reason: NoOrderReason.HALTED, detail: `${decision.symbol} is being flattened` });
      }
      outcome = { skipped: policy.entriesAllowed ? undefined : 'HALTED', orders: this.planned.slice(before), sleeves: this.report.reports(this.planned.slice(before)) };
    } finally {
      await this.saveEquity();
    }
    // The venue's funding fees since the last stored, after the bar's orders (bookkeeping, not a decision input).
    await syncFundingPayments(deps.gateway, deps.store, deps.account, deps.symbols, deps.logger);
    // Store housekeeping after the sends, not inside the next bar's intent commit; the lock refreshed
    // after it keeps the lock fresh over the wait and takes the write that opens the store's new log.
    await deps.store.checkpoint();
    await this.keepAlive();
    return outcome;
  }

  /** Stores the bar's equity snapshot if no intent commit carried it. */
  private async saveEquity(): Promise<void> {
    const snapshot = this.unsavedEquity;
    if (snapshot === undefined) return;
    this.unsavedEquity = undefined;
    await this.deps.store.recordEquitySnapshot(snapshot);
  }

  /**
   * Feeds the venue equity to the account's emergency stop and stores it (the day and week references
   * survive a restart through these snapshots); a state change it causes is stored. True when it just halted.
   */
  private async onEquity(venue: VenueView, nowMs: number): Promise<boolean> {
    const { deps } = this;
    const stop = deps.risk.emergencyStop(deps.account);
    const before = stop.state;
    stop.onEquity(nowMs, venue.equity);
    // Stored with the bar's first intent (no commit of its own before the send), or after the decisions.
    this.unsavedEquity = { account: deps.account, atMs: nowMs, equity: decimalText(new Decimal(venue.equity)), walletBalance: decimalText(venue.walletBalance), unrealizedPnl: decimalText(venue.unrealizedPnl) };
    if (stop.state !== before) {
      await this.saveEquity();
      const event = stop.events.at(-1);
      const reason = event === undefined ? `emergency stop: ${stop.state}` : `emergency stop ${event.trigger}: ${JSON.stringify(event.figures)}`;
      await deps.store.recordTradingState({ account: deps.account, atMs: nowMs, state: stop.state, reason, actor: 'emergency stop' });
      if (stop.state !== 'ACTIVE') await deps.store.recordIncident({ atMs: nowMs, kind: 'EMERGENCY_STOP', severity: 'CRITICAL', detail: { account: deps.account, state: stop.state, reason } });
      if (stop.state === 'HALTED') await requestFlatten(deps.store, { atMs: nowMs, account: deps.account, symbol: undefined, reason, actor: 'emergency stop' });
      deps.logger.error('alert_trading_state', { account: deps.account, state: stop.state, reason });
    }
    // The playbook's warning "approaching the daily limit (> 80 %)" at risk.warningFraction, as the risk
    // status turns WARNING. Said every bar while it holds: the alert router sends it once per dedup window.
    if (stop.state === 'ACTIVE' && stop.dailyLimitUsedRatio >= deps.risk.config.warningFraction) {
      deps.logger.warn('alert_limit_approach', { account: deps.account, detail: `day drawdown at ${(stop.dailyLimitUsedRatio * 100).toFixed(0)} % of the daily limit` });
    }
    // Only the bar that halts skips the decisions: on later bars the stored HALTED state holds the
    // entries (each denied by the gate, as the kernel's are) and lets exits and stops through.
    return stop.state !== before && stop.state === 'HALTED';
  }

  /**
   * After the equity replay at start: a trigger that fired again in the replay but that a person has
   * since reset (a later ACTIVE in the store) stays reset; a state the store lacks is stored.
   */
  private async alignTradingState(): Promise<void> {
    const { deps } = this;
    const stop = deps.risk.emergencyStop(deps.account);
    if (stop.state === 'ACTIVE') return;
    const stored = await deps.store.loadTradingState(deps.account);
    const firedAtMs = stop.events.at(-1)?.timeMs ?? 0;
    if (stored?.state === 'ACTIVE' && stored.atMs >= firedAtMs) {
      deps.risk.reset(deps.account, `restored: ${stored.reason}`, stored.atMs);
    } else if (stored?.state !== stop.state) {
      await deps.store.recordTradingState({ account: deps.account, atMs: firedAtMs, state: stop.state, reason: `emergency stop (restored from equity snapshots)`, actor: 'emergency stop' });
    }
  }

  /** Streams' per-bar work; a failure (REST down) is logged: the venue reads that follow fail closed on their own. */
  private async beforeBar(nowMs: number): Promise<void> {
    const { deps } = this;
    if (deps.streams === undefined) return;
    try {
      await deps.streams.beforeBar();
    } catch (error) {
      deps.logger.error('alert_stream_backfill_failed', { account: deps.account, reason: (error as Error).message });
      await deps.store.recordIncident({ atMs: nowMs, kind: 'STREAM_BACKFILL_FAILED', severity: 'WARNING', detail: { account: deps.account, reason: (error as Error).message } });
    }
  }

  /** Staleness checks between bars (the caller's timer): a stale feed is resubscribed and back-filled. */
  async checkStreams(): Promise<void> {
    await this.beforeBar(this.deps.clock.nowMs());
  }

  /**
   * Between bars (the caller's short timer): retries a venue that was not usable, and acts on a kill,
   * flatten or FLATTEN_ALL recorded in the store since, without waiting for the next bar.
   */
  async checkCommands(): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    if (!(await this.connectVenue())) return;
    if (this.readiness !== LiveReadiness.READY && nowMs >= this.nextReconcileAtMs) await this.reconcile();
    await this.enforceHalt(nowMs, true);
    await this.maintainDeadMan(nowMs);
  }

  /** Refreshes the dead-man countdown on symbols where our entries still rest, disarms it elsewhere. */
  private async maintainDeadMan(nowMs: number): Promise<void> {
    if (this.deadMan.armedSymbols.length === 0) return;
    const working = new Set<string>();
    for (const symbol of this.deadMan.armedSymbols) for (const order of await this.ourOpenOrders(symbol)) if (!order.reduceOnly) working.add(symbol);
    await this.deadMan.maintain(working, nowMs);
  }

  /**
   * Makes the venue reflect the trading state (see haltPolicy.ts): cancels working entries when HALTED
   * or flattening, closes what must be flat (retried with backoff; alert and incident when it cannot
   * within the bound, tried again at the next call), and, between bars, re-places missing stops.
   */
  private async enforceHalt(nowMs: number, maintainStops: boolean): Promise<HaltPolicy> {
    const { deps } = this;
    const state = (await deps.store.loadTradingState(deps.account))?.state;
    const pending = await pendingFlattens(deps.store, deps.account);
    const policy = haltPolicyOf(state, pending);
    if (!policy.cancelWorkingEntries) return policy;
    try {
      const flattening = deps.symbols.filter((symbol) => mustFlatten(policy, symbol));
      for (const symbol of state === 'HALTED' ? deps.symbols : flattening) await this.cancelWorkingEntries(symbol, nowMs);
      if (flattening.length > 0) await this.flatten(pending, flattening, nowMs);
      if (state === 'HALTED' && maintainStops) for (const decision of this.lastDecisions) if (!mustFlatten(policy, decision.symbol)) await this.ensureProtection(decision, nowMs);
    } catch (error) {
      // Tried again at the next bar or command check; the venue's protective orders stay meanwhile.
      deps.logger.error('alert_halt_not_enforced', { account: deps.account, state: state ?? 'ACTIVE', reason: (error as Error).message });
    }
    return policy;
  }

  /** Our resting orders that may add risk (not reduce-only) on the symbol are cancelled. */
  private async cancelWorkingEntries(symbol: string, nowMs: number): Promise<void> {
    for (const order of await this.ourOpenOrders(symbol)) {
      if (order.reduceOnly || order.clientOrderId === undefined) continue;
      await this.cancelAndRecord({ symbol, clientOrderId: order.clientOrderId, conditional: order.type === 'STOP_MARKET' || order.type === 'TAKE_PROFIT_MARKET' }, nowMs, 'cancelled: trading halted');
      this.deps.logger.warn('working_entry_cancelled', { account: this.deps.account, symbol, clientOrderId: order.clientOrderId, reason: 'trading halted or flattening' });
    }
  }

  /** Closes the symbols reduce-only; requests whose symbols are all flat are marked completed. */
  private async flatten(pending: readonly FlattenRequest[], symbols: readonly string[], nowMs: number): Promise<void> {
    const { deps } = this;
    const requestOf = (symbol: string): FlattenRequest => pending.find((request) => request.symbol === symbol) ?? pending.find((request) => request.symbol === undefined) ?? (pending[0] as FlattenRequest);
    const outcome = await flattenPositions(
      {
        account: deps.account,
        gateway: deps.gateway,
        logger: deps.logger,
        nowMs: () => deps.clock.nowMs(),
        sleep: deps.sleep,
        boundMs: deps.settings.maxNakedMs,
        closeReduceOnly: async (symbol, side, quantity) => {
          const request = requestOf(symbol);
          const decision: SleeveDecision = { sleeve: 'flatten', symbol, strategy: `flatten by ${request.actor}`, weight: 0, target: 0, stopDistance: Number.NaN, confidence: Number.NaN, barTimeMs: request.atMs, referencePrice: Number.NaN, barCloseTimeMs: request.atMs, atr: Number.NaN };
          const id = await this.freshClientOrderId(decision, 'close');
          if (id === undefined) return false;
          return (await this.send(decision, { symbol, side, type: 'MARKET', quantity, reduceOnly: true, clientOrderId: id }, nowMs)).kind === 'placed';
        },
      },
      symbols,
    );
    // Fills of the closes (the user stream applies them itself when it runs).
    if (this.fillsOverRest()) for (const symbol of symbols) await syncFills(deps.gateway, deps.store, deps.account, symbol);
    for (const symbol of outcome.flat) await this.cancelOurReduceOnly(symbol, nowMs);
    const atMs = deps.clock.nowMs();
    for (const request of pending) {
      const covers = request.symbol === undefined ? symbols : [request.symbol];
      if (covers.every((symbol) => outcome.flat.includes(symbol) || !deps.symbols.includes(symbol))) {
        await completeFlatten(deps.store, request, atMs);
        deps.logger.warn('flattened', { account: deps.account, symbol: request.symbol ?? 'all', reason: `${request.reason} (${request.actor}): the venue reports flat` });
      } else if (!this.flattenFailuresReported.has(request.atMs)) {
        this.flattenFailuresReported.add(request.atMs);
        const reason = `still open after ${deps.settings.maxNakedMs} ms of reduce-only closes: ${outcome.open.join(', ')}; retried at every command check`;
        await deps.store.recordIncident({ atMs, kind: 'FLATTEN_INCOMPLETE', severity: 'CRITICAL', detail: { account: deps.account, requestAtMs: request.atMs, symbols: outcome.open, reason } });
        deps.logger.error('alert_flatten_incomplete', { account: deps.account, symbol: request.symbol ?? 'all', reason });
      }
    }
  }

  async stop(): Promise<void> {
    await this.deps.streams?.stop();
    await this.lock.release();
  }

  /** Without the user stream, or while it is down, fills are applied from REST right after a send. */
  private fillsOverRest(): boolean {
    return this.deps.streams === undefined || this.deps.streams.userStreamDown?.() === true;
  }

  /** The venue's equity again (after a reversal's exit filled): the quote balance's total, unrealized PnL included. */
  private async rereadEquity(venue: VenueView): Promise<void> {
    const { gateway, settings } = this.deps;
    const quote = (await gateway.fetchBalances()).find((balance) => balance.asset === settings.quoteAsset);
    if (quote === undefined) throw new Error(`no ${settings.quoteAsset} balance at the venue`);
    venue.equity = quote.total.toNumber();
  }

  private async readVenue(): Promise<VenueView> {
    const { gateway, settings } = this.deps;
    const balances = await gateway.fetchBalances();
    const quote = balances.find((balance) => balance.asset === settings.quoteAsset);
    if (quote === undefined) throw new Error(`no ${settings.quoteAsset} balance at the venue`);
    const positions = new Map((await gateway.fetchPositions()).map((position) => [position.symbol, position]));
    const open = await gateway.fetchOpenOrders();
    const marks = new Map<string, number>();
    const books = new Map<string, BookTicker>();
    for (const symbol of this.deps.symbols) {
      const mark = (await gateway.fetchMarkPrice(symbol)).markPrice;
      marks.set(symbol, mark.toNumber());
      // Market orders' minimum notional is pre-checked locally at this mark.
      gateway.setReferencePrice(symbol, mark);
      // The spread guardrail's input; an unreadable book fails the bar closed like any venue read.
      books.set(symbol, await gateway.fetchBookTicker(symbol));
    }
    let unrealized = new Decimal(0);
    for (const position of positions.values()) unrealized = unrealized.plus(position.unrealizedPnl ?? 0);
    // The balance's total is the margin balance, unrealized PnL included (see VenueBalance): counted
    // once, as the backtest marks its positions once; adding it again doubled every open loss.
    return { equity: quote.total.toNumber(), walletBalance: quote.total.minus(unrealized), unrealizedPnl: unrealized, positions, open, marks, books };
  }

  private async trade(decision: SleeveDecision, venue: VenueView, nowMs: number, entriesAllowed = true): Promise<void> {
    const { deps } = this;
    const { gateway, settings } = deps;
    const filters = gateway.marketFilters(decision.symbol);
    const position = venue.positions.get(decision.symbol)?.quantity ?? new Decimal(0);
    if (decision.strategyRefusal !== undefined) {
      // Fail closed in the strategy: nothing new is opened; the held target and the stop stay.
      deps.logger.warn('strategy_refused', { account: deps.account, sleeve: decision.sleeve, symbol: decision.symbol, reason: decision.strategyRefusal });
      this.report.why(decision, { reason: NoOrderReason.STRATEGY_REFUSED, detail: decision.strategyRefusal });
    }
    if (decision.target !== 0 && !(decision.referencePrice > 0)) {
      // Sizing needs the decision bar's close: without it no order at all, rather than a guess (or a close).
      deps.logger.warn('order_not_sized', { account: deps.account, sleeve: decision.sleeve, symbol: decision.symbol, reason: `no reference price for target ${decision.target}` });
      return;
    }
    // Read once per bar (not per sleeve): the ladder's cap and the risk guard's multiplier (see PerBarReads).
    const sizingEquity = deps.sizingEquity;
    const equityToSize = async (): Promise<number> => (sizingEquity === undefined ? venue.equity : await this.barReads.read(`sizingEquity:${venue.equity}`, nowMs, () => sizingEquity(venue.equity, nowMs)));
    // Sized as the backtest sizes: equity and the decision bar's close moved by the modelled slippage,
    // in whole lots of the venue's step (Decimal from here on).
    // The risk guard's multiplier (REDUCE 0.5, an approved SCALE_UP 1.5) scales every new target.
    const sizeMultiplier = deps.sizeMultiplier;
    const multiplier = sizeMultiplier === undefined ? 1 : await this.barReads.read('sizeMultiplier', nowMs, sizeMultiplier);
    const settled = this.settled.get(decision.sleeve);
    if (settled !== undefined && settled.target === decision.target * multiplier && settled.position.eq(position)) {
      this.report.why(decision, { reason: NoOrderReason.NO_CHANGE, detail: `target ${decision.target} already acted on, the venue position ${position.toFixed()} unchanged since` });
      await this.ensureProtection(decision, nowMs);
      return;
    }
    const stagedRisk = deps.riskPerTrade;
    const sleeveRisk = stagedRisk === undefined ? undefined : (await this.barReads.read('riskPerTrade', nowMs, stagedRisk)).get(decision.sleeve);
    const sizeTarget = async (): Promise<Decimal> => {
      const lots = sizeTargetLots(
        sleeveRisk === undefined ? settings.sizing : { ...settings.sizing, riskPerTrade: sleeveRisk },
        { target: decision.target * multiplier, sleeveWeight: decision.weight, equity: await equityToSize(), leverage: settings.leverage, referencePrice: decision.referencePrice, slippageBps: settings.slippageBps, lotStep: filters.lotStep.toNumber(), stopDistance: decision.stopDistance, price: Number.NaN },
        new StepGrid(filters.tickSize.toNumber()),
      );
      return filters.lotStep.times(lots);
    };
    const target = await sizeTarget();
    const legs: Array<{ name: string; quantity: Decimal; reduceOnly: boolean }> = [];
    if (!position.isZero() && (target.isZero() || target.s !== position.s || target.abs().lt(position.abs()))) {
      const closing = target.s !== position.s || target.isZero() ? position.neg() : target.minus(position);
      legs.push({ name: 'exit', quantity: closing, reduceOnly: true });
      if (!target.isZero() && target.s !== position.s) legs.push({ name: 'entry', quantity: target, reduceOnly: false });
    } else if (!target.minus(position).isZero()) {
      legs.push({ name: 'entry', quantity: target.minus(position), reduceOnly: false });
    }
    // Flat with our reduce-only orders still resting (the stop or the take-profit filled and its twin
    // waits for the bar's cancel): they are cancelled before an entry, or one at the old entry's price
    // and the same quantity would pass for the new position's protection.
    if (position.isZero() && legs.some((leg) => !leg.reduceOnly) && venue.open.some((order) => order.symbol === decision.symbol && order.reduceOnly)) await this.cancelOurReduceOnly(decision.symbol, nowMs);
    let entered = false;
    // Whether every leg ended where the kernel's would (filled whole, resized or denied by the gate,
    // held by the trading state), and the position it left. A denial of RETRIED_DENIALS is asked again
    // at the next bar, as are a venue refusal, an unknown outcome, a partial fill, a paused or
    // not-activated entry.
    let settles = true;
    let after = position;
    if (legs.length === 0) this.report.why(decision, target.isZero() && decision.target !== 0 ? { reason: NoOrderReason.FILTER, detail: `target ${decision.target} sizes to less than one lot of ${filters.lotStep.toFixed()}` } : { reason: NoOrderReason.NO_CHANGE, detail: `the venue position ${position.toFixed()} is the target` });
    const stale = deps.streams?.staleSymbols() ?? [];
    const entryPermission = deps.entryPermission;
    const permission = entryPermission === undefined || !legs.some((leg) => !leg.reduceOnly) ? { allowed: true, reason: '' } : await this.barReads.read('entryPermission', nowMs, () => entryPermission(nowMs));
    for (const leg of legs) {
      if (!leg.reduceOnly && !entriesAllowed) {
        this.report.why(decision, { reason: NoOrderReason.HALTED, detail: `entry of ${leg.quantity.toFixed()} held: trading is not ACTIVE` });
        await this.recordHeldEntry(decision, leg.quantity, venue, nowMs);
        continue;
      }
      if (!leg.reduceOnly && !permission.allowed) {
        this.report.why(decision, { reason: NoOrderReason.NOT_ACTIVATED, code: 'ORDER_SKIPPED', detail: permission.reason });
        await this.skipEntry(decision, leg.quantity, permission.reason, nowMs);
        settles = false;
        continue;
      }
      if (!leg.reduceOnly && stale.length > 0) {
        await this.pauseEntry(decision, leg.quantity, stale, nowMs);
        settles = false;
        continue;
      }
      if (leg.name === 'entry' && after.isZero() && !position.isZero()) {
        // A reversal's entry is sized, and checked by the gate, on the equity its exit left (the exit's
        // fee paid), as the kernel sizes an entry after the closing fill of the same bar: read again.
        await this.rereadEquity(venue);
        leg.quantity = await sizeTarget();
        if (leg.quantity.isZero()) continue;
      }
      let result = await this.sendLeg(decision, leg.name, leg.quantity, leg.reduceOnly, venue, nowMs);
      const partial = result.kind === 'placed' && !leg.reduceOnly && isWorkingPartialFill(result.order);
      if (partial && result.kind === 'placed') result = await this.cancelRemainder(result.order, nowMs);
      if (result.kind === 'placed' && !leg.reduceOnly && result.order.executedQuantity.gt(0)) entered = true;
      if (result.kind === 'unknown') this.readiness = LiveReadiness.NOT_READY;
      if (result.kind === 'placed') {
        after = after.plus(result.order.side === 'BUY' ? result.order.executedQuantity : result.order.executedQuantity.neg());
        // The next leg (a reversal's entry after its exit) and the next sleeve are checked against the
        // position this leg left, as the kernel checks an entry after the exit has filled.
        moveVenuePosition(venue, decision.symbol, after);
      }
      const retried = result.kind === 'denied' && (result.riskCode === undefined || RETRIED_DENIALS.has(result.riskCode));
      if (partial || retried || result.kind === 'unknown' || (result.kind === 'placed' && !result.order.executedQuantity.eq(result.order.quantity))) settles = false;
    }
    if (settles) this.settled.set(decision.sleeve, { target: decision.target * multiplier, position: after });
    else this.settled.delete(decision.sleeve);
    if (entered || legs.length === 0 || legs.some((leg) => leg.reduceOnly) || !entriesAllowed || !permission.allowed) await this.ensureProtection(decision, nowMs);
  }

  /** An entry the go-live gate refused (not activated): logged and recorded as ORDER_SKIPPED with the reason. */
  private async skipEntry(decision: SleeveDecision, quantity: Decimal, reason: string, nowMs: number): Promise<void> {
    const { deps } = this;
    await deps.store.recordRiskEvent({ account: deps.account, atMs: nowMs, code: 'ORDER_SKIPPED', symbol: decision.symbol, strategy: decision.strategy, clientOrderId: null, detail: { sleeve: decision.sleeve, quantity: quantity.toFixed(), reason } });
    deps.logger.warn('order_skipped', { account: deps.account, sleeve: decision.sleeve, symbol: decision.symbol, quantity: quantity.toFixed(), reason });
  }

  /**
   * Case 7: an entry the venue filled in part and left working is cancelled at once. What filled stays
   * (the stop that follows covers exactly that), and nothing can fill later under a stop sized for
   * less; the next bar re-targets from the venue position through the risk gate under a fresh id.
   */
  private async cancelRemainder(order: VenueOrder, nowMs: number): Promise<SendResult> {
    const { deps } = this;
    const query = { symbol: order.symbol, clientOrderId: order.clientOrderId as string, conditional: false };
    let after: VenueOrder | undefined;
    try {
      after = await this.cancelAndRecord(query, nowMs, 'cancelled: remainder of a partly filled entry');
    } catch (error) {
      // The remainder may still work: reconcile before the next decision rather than trade past it.
      this.readiness = LiveReadiness.NOT_READY;
      deps.logger.error('alert_cancel_failed', { account: deps.account, clientOrderId: query.clientOrderId, reason: (error as Error).message });
    }
    // Fills between the placement answer and the cancel (without the user stream nothing else applies them).
    if (this.fillsOverRest()) await syncFills(deps.gateway, deps.store, deps.account, order.symbol);
    return { kind: 'placed', order: after ?? order };
  }

  /** An entry not opened because a market feed is stale (case 29): exits and protective orders still go out. */
  private async pauseEntry(decision: SleeveDecision, quantity: Decimal, stale: readonly string[], nowMs: number): Promise<void> {
    const { deps } = this;
    const reason = `market feed stale (${stale.join(', ')}): no new entries until data flows again`;
    this.report.why(decision, { reason: NoOrderReason.STALE_FEED, detail: reason });
    await deps.store.recordRiskEvent({ account: deps.account, atMs: nowMs, code: 'MARKET_FEED_STALE', symbol: decision.symbol, strategy: decision.strategy, clientOrderId: null, detail: { sleeve: decision.sleeve, quantity: quantity.toFixed(), staleSymbols: [...stale] } });
    deps.logger.warn('entry_paused', { account: deps.account, sleeve: decision.sleeve, symbol: decision.symbol, quantity: quantity.toFixed(), reason });
  }

  /**
   * One leg: the risk gate (the kernel's) against the venue account, stored intent, send; an exit
   * refused with -2022 reconciles first. A denial is stored as the gate recorded it.
   */
  private async sendLeg(decision: SleeveDecision, name: string, signedQuantity: Decimal, reduceOnly: boolean, venue: VenueView, nowMs: number): Promise<SendResult> {
    const { deps } = this;
    const side = signedQuantity.gt(0) ? 'BUY' : 'SELL';
    const step = deps.gateway.marketFilters(decision.symbol).lotStep;
    const verdict = deps.gate.checkVenueOrder(this.venueIntent(decision, signedQuantity, reduceOnly, venue, nowMs), await this.riskInput(venue, nowMs, decision), step.toNumber());
    await this.onRiskStateChanges(verdict.stateChanges);
    const id = await this.freshClientOrderId(decision, name);
    if (id === undefined) return { kind: 'skipped' };
    if (verdict.denial !== undefined) {
      await deps.store.recordRiskEvent(riskEventOfDenial(verdict.denial, { symbol: decision.symbol, strategy: decision.strategy, clientOrderId: id }));
      deps.logger.warn('order_denied', { account: deps.account, sleeve: decision.sleeve, code: verdict.denial.code, reason: JSON.stringify(verdict.denial.figures) });
      this.report.why(decision, deniedBy(verdict.denial.code, verdict.denial.figures));
      return { kind: 'denied', reason: OrderDenialReason.INVALID_ORDER, local: true, riskCode: verdict.denial.code };
    }
    const quantity = step.times(verdict.lots);
    if (quantity.isZero()) {
      this.report.why(decision, { reason: NoOrderReason.DENIED, ...(verdict.resize !== undefined ? { code: verdict.resize.reason } : {}), detail: 'the risk engine resized it below one lot' });
      return { kind: 'skipped' };
    }
    const request: OrderRequest = { symbol: decision.symbol, side, type: 'MARKET', quantity, reduceOnly, clientOrderId: id };
    const result = await this.send(decision, request, nowMs);
    if (result.kind === 'denied' && result.reason === OrderDenialReason.REDUCE_ONLY_REJECTED) return this.retryRejectedExit(decision, request, nowMs);
    return result;
  }

  /**
   * The kernel's intent: an entry priced at the decision's reference price, which the price collar
   * compares with the mark (a decision the market has left behind is not entered); an exit at the
   * mark, so that no move since the close holds it back, and carrying no stop distance or confidence.
   */
  private venueIntent(decision: SleeveDecision, signedQuantity: Decimal, reduceOnly: boolean, venue: VenueView, nowMs: number): OrderIntent {
    const mark = venue.marks.get(decision.symbol) ?? Number.NaN;
    const price = reduceOnly && mark > 0 ? mark : decision.referencePrice > 0 ? decision.referencePrice : mark;
    return {
      account: this.deps.account,
      sleeve: decision.sleeve,
      symbol: decision.symbol,
      strategy: decision.strategy,
      side: signedQuantity.gt(0) ? 'buy' : 'sell',
      quantity: signedQuantity.abs().toNumber(),
      price,
      reduceOnly,
      stopDistance: reduceOnly ? Number.NaN : decision.stopDistance,
      confidence: reduceOnly ? Number.NaN : decision.confidence,
      timeMs: nowMs,
    };
  }

  /**
   * An entry held because trading is not ACTIVE meets the risk gate all the same, as the kernel's
   * does: its denial (TRADING_HALTED) is stored and counted like any other. Nothing is sent.
   */
  private async recordHeldEntry(decision: SleeveDecision, signedQuantity: Decimal, venue: VenueView, nowMs: number): Promise<void> {
    const { deps } = this;
    const step = deps.gateway.marketFilters(decision.symbol).lotStep;
    const verdict = deps.gate.checkVenueOrder(this.venueIntent(decision, signedQuantity, false, venue, nowMs), await this.riskInput(venue, nowMs, decision), step.toNumber());
    await this.onRiskStateChanges(verdict.stateChanges);
    if (verdict.denial !== undefined) await deps.store.recordRiskEvent(riskEventOfDenial(verdict.denial, { symbol: decision.symbol, strategy: decision.strategy, clientOrderId: null }));
  }

  /**
   * Trading-state changes a risk check caused (the throttle halts an account that keeps breaching it):
   * stored, and a HALT flattens, as the kernel flattens a sleeve its gate halted.
   */
  private async onRiskStateChanges(changes: readonly TradingStateChanged[]): Promise<void> {
    const { deps } = this;
    for (const change of changes) {
      if (change.account !== deps.account) continue;
      const reason = change.reason ?? `risk engine ${change.trigger}: ${JSON.stringify(change.figures)}`;
      await deps.store.recordTradingState({ account: deps.account, atMs: change.timeMs, state: change.to, reason, actor: 'risk engine' });
      if (change.to !== 'ACTIVE') await deps.store.recordIncident({ atMs: change.timeMs, kind: 'RISK_STATE_CHANGE', severity: 'CRITICAL', detail: { account: deps.account, state: change.to, reason } });
      if (change.to === 'HALTED') await requestFlatten(deps.store, { atMs: change.timeMs, account: deps.account, symbol: undefined, reason, actor: 'risk engine' });
      deps.logger.error('alert_trading_state', { account: deps.account, state: change.to, reason });
    }
  }

  /**
   * -2022 on an exit: reconcile first (a stop may have closed the position meanwhile) and, if flat, the
   * exit is done. Otherwise our conflicting reduce-only orders are cancelled and the exit is retried
   * once, still reduce-only; a second refusal puts the cancelled stops back and alerts. Never a
   * non-reduce-only order.
   */
  private async retryRejectedExit(decision: SleeveDecision, request: OrderRequest, nowMs: number): Promise<SendResult> {
    const { deps } = this;
    const report = await this.reconcile();
    if (report === undefined || report.haltReason !== undefined) return { kind: 'skipped' };
    const position = (await deps.gateway.fetchPositions([decision.symbol])).find((candidate) => candidate.symbol === decision.symbol)?.quantity ?? new Decimal(0);
    if (position.isZero() || (position.gt(0) ? 'SELL' : 'BUY') !== request.side) {
      deps.logger.info('exit_already_flat', { account: deps.account, symbol: decision.symbol, clientOrderId: request.clientOrderId });
      return { kind: 'skipped' };
    }
    const cancelled = await this.cancelOurReduceOnly(decision.symbol, nowMs);
    const id = await this.freshClientOrderId(decision, 'exit-retry');
    if (id === undefined) return { kind: 'skipped' };
    const retried = await this.send(decision, { ...request, quantity: Decimal.min(request.quantity, position.abs()), clientOrderId: id, reduceOnly: true }, nowMs);
    if (retried.kind === 'placed') return retried;
    await deps.store.recordIncident({ atMs: deps.clock.nowMs(), kind: 'EXIT_REJECTED', severity: 'CRITICAL', detail: { account: deps.account, symbol: decision.symbol, clientOrderId: id, position: position.toFixed() } });
    deps.logger.error('alert_exit_rejected', { account: deps.account, symbol: decision.symbol, clientOrderId: id, reason: 'reduce-only exit refused twice: position kept, protective stops restored' });
    await this.restoreStops(decision, cancelled, nowMs);
    return retried;
  }

  /** Puts back the protective stops cancelled for an exit that did not go through (flatten or HALT if that fails). */
  private async restoreStops(decision: SleeveDecision, cancelled: readonly VenueOrder[], nowMs: number): Promise<void> {
    const position = (await this.deps.gateway.fetchPositions([decision.symbol])).find((candidate) => candidate.symbol === decision.symbol)?.quantity ?? new Decimal(0);
    const side = position.gt(0) ? 'SELL' : 'BUY';
    const stop = cancelled.find((order) => order.type === 'STOP_MARKET' && order.side === side && order.stopPrice !== undefined);
    if (position.isZero() || stop?.stopPrice === undefined) return;
    const nakedSinceMs = this.deps.clock.nowMs();
    const id = await this.freshClientOrderId(decision, 'stop');
    const result: SendResult = id === undefined ? { kind: 'skipped' } : await this.send(decision, { symbol: decision.symbol, side, type: 'STOP_MARKET', quantity: position.abs(), stopPrice: stop.stopPrice, reduceOnly: true, clientOrderId: id }, nowMs).catch((): SendResult => ({ kind: 'skipped' }));
    if (result.kind !== 'placed') await this.flattenNaked(decision, nakedSinceMs, nowMs);
  }

  /** Stores the intent (NEW) before the send, sends under the deterministic id, stores the answer and fills. */
  private async send(decision: SleeveDecision, request: OrderRequest, nowMs: number): Promise<SendResult> {
    const { deps } = this;
    const planned: PlannedOrder = { clientOrderId: request.clientOrderId, sleeve: decision.sleeve, symbol: request.symbol, side: request.side, type: request.type === 'STOP_MARKET' ? 'STOP_MARKET' : 'MARKET', quantity: request.quantity.toFixed(), stopPrice: request.stopPrice?.toFixed() ?? null, reduceOnly: request.reduceOnly };
    // One durable commit before the send: the intent, the PENDING_SEND row a user-stream report that
    // beats placeOrder's answer attaches to, and the bar's equity snapshot when not stored yet.
    const equitySnapshot = this.unsavedEquity;
    await deps.store.recordIntentBeforeSend({
      intent: { clientOrderId: request.clientOrderId, account: deps.account, sleeve: decision.sleeve, symbol: request.symbol, strategy: decision.strategy, side: request.side, quantity: decimalText(request.quantity), price: null, ...referencePriceField(request, decision.referencePrice), reduceOnly: request.reduceOnly, createdAtMs: nowMs, state: 'NEW', stateChangedAtMs: nowMs },
      order: { clientOrderId: request.clientOrderId, account: deps.account, symbol: request.symbol, venueOrderId: null, status: 'PENDING_SEND', filledQuantity: '0', averagePrice: null, atMs: nowMs, reason: null },
      ...(equitySnapshot !== undefined ? { equitySnapshot } : {}),
    });
    if (this.unsavedEquity === equitySnapshot) this.unsavedEquity = undefined;
    // An entry may rest at the venue: armed first, the venue cancels it if this process dies (case 35).
    if (!request.reduceOnly) await this.deadMan.arm(request.symbol, nowMs);
    await deps.hooks?.afterIntentStored?.(request.clientOrderId);
    await this.lock.confirm();
    deps.hooks?.beforeSend?.(request.clientOrderId);
    this.planned.push(planned);
    let outcome;
    try {
      outcome = await deps.gateway.placeOrder(request);
    } catch (error) {
      if (!(error instanceof OrderDeniedError)) {
        // The gateway returns ambiguous outcomes as UNKNOWN; what it throws (halt, ban, open breaker) was not placed.
        const atMs = deps.clock.nowMs();
        await deps.store.recordOrderUpdate({ clientOrderId: request.clientOrderId, account: deps.account, symbol: request.symbol, venueOrderId: null, status: 'REJECTED', filledQuantity: '0', averagePrice: null, atMs, reason: `not placed: ${(error as Error).message}` });
        await deps.store.setIntentState(request.clientOrderId, 'SENT', atMs);
        throw error;
      }
      const atMs = deps.clock.nowMs();
      if (error.local) {
        await deps.store.recordOrderUpdate({ clientOrderId: request.clientOrderId, account: deps.account, symbol: request.symbol, venueOrderId: null, status: 'REJECTED', filledQuantity: '0', averagePrice: null, atMs, reason: `not sent: ${error.message}` });
        await deps.store.setIntentState(request.clientOrderId, 'DENIED', atMs);
      } else {
        await deps.store.recordOrderUpdate({ clientOrderId: request.clientOrderId, account: deps.account, symbol: request.symbol, venueOrderId: null, status: 'REJECTED', filledQuantity: '0', averagePrice: null, atMs, reason: error.message });
        await deps.store.setIntentState(request.clientOrderId, 'SENT', atMs);
      }
      await deps.store.recordRiskEvent({ account: deps.account, atMs, code: `VENUE_${error.reason}`, symbol: request.symbol, strategy: decision.strategy, clientOrderId: request.clientOrderId, detail: { message: error.message, local: error.local } });
      this.report.why(decision, { reason: !error.local ? NoOrderReason.REJECTED : error.reason === OrderDenialReason.BELOW_MIN_NOTIONAL ? NoOrderReason.BELOW_MIN_NOTIONAL : NoOrderReason.FILTER, code: error.reason, detail: error.message });
      deps.logger.warn('order_rejected', { account: deps.account, clientOrderId: request.clientOrderId, code: error.reason, reason: error.message });
      if (!error.local && error.reason === OrderDenialReason.MARGIN_INSUFFICIENT) {
        // Case 10: terminal, never retried; a person must see it (the account is smaller than the plan).
        await deps.store.recordIncident({ atMs, kind: 'ORDER_REJECTED_MARGIN', severity: 'CRITICAL', detail: { account: deps.account, symbol: request.symbol, clientOrderId: request.clientOrderId, venueCode: error.venueCode ?? null } });
        deps.logger.error('alert_margin_insufficient', { account: deps.account, symbol: request.symbol, clientOrderId: request.clientOrderId, reason: error.message });
      }
      return { kind: 'denied', reason: error.reason, local: error.local };
    }
    await deps.hooks?.afterOrderSent?.(request.clientOrderId);
    const atMs = deps.clock.nowMs();
    if (outcome.status === 'UNKNOWN') {
      await deps.store.recordOrderUpdate({ clientOrderId: request.clientOrderId, account: deps.account, symbol: request.symbol, venueOrderId: null, status: 'UNKNOWN', filledQuantity: '0', averagePrice: null, atMs, reason: outcome.cause.message });
      await deps.store.setIntentState(request.clientOrderId, 'SENT', atMs);
      deps.logger.error('alert_order_unknown', { account: deps.account, clientOrderId: request.clientOrderId, reason: 'outcome unknown after look-ups: reconciliation before any further order' });
      return { kind: 'unknown' };
    }
    await recordVenueOrder(deps.store, deps.account, outcome.order, atMs, `placed (${outcome.via})`);
    await deps.store.setIntentState(request.clientOrderId, 'SENT', atMs);
    // With the user stream the fills arrive there (and its per-bar back-fill catches any it missed).
    if (outcome.order.executedQuantity.gt(0) && this.fillsOverRest()) await syncFills(deps.gateway, deps.store, deps.account, request.symbol);
    deps.logger.info('order_sent', { account: deps.account, sleeve: decision.sleeve, symbol: request.symbol, side: request.side, quantity: planned.quantity, clientOrderId: request.clientOrderId, status: outcome.order.status });
    return { kind: 'placed', order: outcome.order };
  }

  /**
   * A position of a sleeve with a stop distance carries one reduce-only STOP_MARKET covering it; a flat
   * sleeve carries none. A stop that cannot be placed → reduce-only flatten within maxNakedMs, else HALT.
   */
  private async ensureProtection(decision: SleeveDecision, nowMs: number): Promise<void> {
    const position = (await this.deps.gateway.fetchPositions([decision.symbol])).find((candidate) => candidate.symbol === decision.symbol);
    if (position === undefined || position.quantity.isZero()) {
      // Flat (an exit, the stop or the take-profit filled): whichever of the pair still rests is cancelled.
      await this.cancelOurReduceOnly(decision.symbol, nowMs);
      return;
    }
    const ours = await this.ourOpenOrders(decision.symbol);
    if (decision.stopDistance > 0 && !(await this.ensureStop(decision, position, ours, nowMs))) return;
    const takeProfitDistance = decision.takeProfitDistance ?? Number.NaN;
    if (takeProfitDistance > 0) await this.ensureTakeProfit(decision, position, takeProfitDistance, ours, nowMs);
  }

  /** The protective stop covering the position: true when one rests (or was placed), false after the naked-position flatten. */
  private async ensureStop(decision: SleeveDecision, position: VenuePosition, ours: readonly VenueOrder[], nowMs: number): Promise<boolean> {
    const { store } = this.deps;
    const side = position.quantity.gt(0) ? 'SELL' : 'BUY';
    const stops = ours.filter((order) => order.type === 'STOP_MARKET' && order.reduceOnly);
    if (stops.some((stop) => stop.side === side && stop.quantity.eq(position.quantity.abs()))) return true;
    for (const stale of stops) await this.cancelAndRecord({ symbol: decision.symbol, clientOrderId: stale.clientOrderId as string, conditional: true }, nowMs, 'replaced by a stop covering the position');
    const tickSize = this.deps.gateway.marketFilters(decision.symbol).tickSize;
    const entry = position.entryPrice ?? new Decimal(tickSize);
    // The kernel's stop: the fill moved by the stop distance (stopPriceFromFill), on the tick grid as
    // the kernel fills it, rounded away from the position (a sell stop down, a buy stop up).
    const rawStop = stopPriceFromFill(entry.toNumber(), position.quantity.gt(0) ? 1 : -1, decision.stopDistance);
    const stopPrice = new Decimal(simulatedFillPriceOnGrid(rawStop, side === 'SELL' ? -1 : 1, 0, new StepGrid(tickSize.toNumber())));
    const nakedSinceMs = this.deps.clock.nowMs();
    const id = await this.freshClientOrderId(decision, 'stop');
    let result: SendResult = { kind: 'skipped' };
    if (id !== undefined && stopPrice.gt(0)) {
      try {
        result = await this.send(decision, { symbol: decision.symbol, side, type: 'STOP_MARKET', quantity: position.quantity.abs(), stopPrice, reduceOnly: true, clientOrderId: id }, nowMs);
      } catch (error) {
        this.deps.logger.error('alert_stop_failed', { account: this.deps.account, symbol: decision.symbol, reason: (error as Error).message });
      }
    }
    if (result.kind === 'placed') {
      this.lastNakedMs = this.deps.clock.nowMs() - nakedSinceMs;
      return true;
    }
    await store.recordIncident({ atMs: this.deps.clock.nowMs(), kind: 'PROTECTIVE_STOP_FAILED', severity: 'CRITICAL', detail: { account: this.deps.account, symbol: decision.symbol, quantity: position.quantity.toFixed() } });
    await this.flattenNaked(decision, nakedSinceMs, nowMs);
    return false;
  }

  /**
   * The reduce-only TAKE_PROFIT_MARKET beside the stop, at the kernel's level (takeProfitPriceFromFill
   * from the venue's entry price) rounded in Decimal onto the tick grid away from the entry (a sell
   * take-profit up, a buy down): it never takes profit before the backtest would. The decision is rebuilt
   * from the bars at a restart, so a missing take-profit is re-placed as a missing stop is. A take-profit
   * that cannot be placed is an alert and is tried again at the next bar: the stop still protects.
   */
  private async ensureTakeProfit(decision: SleeveDecision, position: VenuePosition, distance: number, ours: readonly VenueOrder[], nowMs: number): Promise<void> {
    const { deps } = this;
    const side = position.quantity.gt(0) ? 'SELL' : 'BUY';
    const quantity = position.quantity.abs();
    const resting = ours.filter((order) => order.type === 'TAKE_PROFIT_MARKET' && order.reduceOnly);
    if (resting.some((order) => order.side === side && order.quantity.eq(quantity))) return;
    if (position.entryPrice === undefined || !position.entryPrice.gt(0)) {
      deps.logger.error('alert_take_profit_failed', { account: deps.account, symbol: decision.symbol, reason: 'the venue shows no entry price to set the take-profit from' });
      return;
    }
    for (const stale of resting) await this.cancelAndRecord({ symbol: decision.symbol, clientOrderId: stale.clientOrderId as string, conditional: true }, nowMs, 'replaced by a take-profit covering the position');
    const tickSize = deps.gateway.marketFilters(decision.symbol).tickSize;
    const raw = new Decimal(takeProfitPriceFromFill(position.entryPrice.toNumber(), position.quantity.gt(0) ? 1 : -1, distance));
    const ticks = raw.div(tickSize).toDecimalPlaces(9);
    const price = (side === 'SELL' ? ticks.ceil() : ticks.floor()).times(tickSize);
    const id = await this.freshClientOrderId(decision, 'tp');
    if (id === undefined || !price.gt(0)) return;
    let result: SendResult = { kind: 'skipped' };
    try {
      result = await this.send(decision, { symbol: decision.symbol, side, type: 'TAKE_PROFIT_MARKET', quantity, stopPrice: price, reduceOnly: true, clientOrderId: id }, nowMs);
    } catch (error) {
      result = { kind: 'skipped' };
      deps.logger.error('alert_take_profit_failed', { account: deps.account, symbol: decision.symbol, reason: (error as Error).message });
    }
    if (result.kind !== 'placed') deps.logger.error('alert_take_profit_failed', { account: deps.account, symbol: decision.symbol, clientOrderId: id, reason: `take-profit at ${price.toFixed()} not placed (${result.kind}): tried again at the next bar, the stop protects meanwhile` });
  }

  /** Reduce-only market orders until flat or maxNakedMs has passed; then HALT with an alert. */
  private async flattenNaked(decision: SleeveDecision, nakedSinceMs: number, nowMs: number): Promise<void> {
    const { deps } = this;
    for (;;) {
      const position = (await deps.gateway.fetchPositions([decision.symbol])).find((candidate) => candidate.symbol === decision.symbol)?.quantity ?? new Decimal(0);
      if (position.isZero()) {
        this.lastNakedMs = deps.clock.nowMs() - nakedSinceMs;
        deps.logger.warn('naked_position_flattened', { account: deps.account, symbol: decision.symbol, reason: `flat after ${this.lastNakedMs} ms without a stop` });
        await this.cancelOurReduceOnly(decision.symbol, nowMs);
        return;
      }
      if (deps.clock.nowMs() - nakedSinceMs > deps.settings.maxNakedMs) break;
      const id = await this.freshClientOrderId(decision, 'flatten');
      if (id === undefined) break;
      let result: SendResult;
      try {
        result = await this.send(decision, { symbol: decision.symbol, side: position.gt(0) ? 'SELL' : 'BUY', type: 'MARKET', quantity: position.abs(), reduceOnly: true, clientOrderId: id }, nowMs);
      } catch (error) {
        deps.logger.error('alert_flatten_failed', { account: deps.account, symbol: decision.symbol, reason: (error as Error).message });
        result = { kind: 'skipped' };
      }
      // A refused flatten is retried after a pause, not in a tight loop against the venue.
      if (result.kind !== 'placed') await deps.sleep(Math.min(250, deps.settings.maxNakedMs / 4));
    }
    this.lastNakedMs = deps.clock.nowMs() - nakedSinceMs;
    const reason = `position on ${decision.symbol} without a protective stop for ${this.lastNakedMs} ms and the reduce-only flatten failed`;
    await deps.store.recordTradingState({ account: deps.account, atMs: deps.clock.nowMs(), state: 'HALTED', reason, actor: 'naked-position timer' });
    await deps.store.recordIncident({ atMs: deps.clock.nowMs(), kind: 'NAKED_POSITION', severity: 'CRITICAL', detail: { account: deps.account, symbol: decision.symbol, nakedMs: this.lastNakedMs } });
    deps.logger.error('alert_trading_halted', { account: deps.account, symbol: decision.symbol, reason });
  }

  /**
   * A strategy that throws or asks for an impossible target fails the same way at every retry: the account is
   * HALTED (once; the halt policy then cancels working entries, keeps the stops and lets exits through at later
   * bars), a CRITICAL incident is opened and the operator alerted. The runner stays up to watch the venue.
   */
  private async haltOnStrategyError(error: StrategyError, nowMs: number): Promise<void> {
    const deps = this.deps;
    const reason = `strategy error: ${error.message}`;
    if ((await deps.store.loadTradingState(deps.account))?.state !== 'HALTED') {
      await deps.store.recordTradingState({ account: deps.account, atMs: nowMs, state: 'HALTED', reason, actor: 'strategy' });
      await deps.store.recordIncident({ atMs: nowMs, kind: 'STRATEGY_ERROR', severity: 'CRITICAL', detail: { account: deps.account, sleeve: error.sleeve, strategy: error.strategy, barTimeMs: error.barTimeMs, message: error.message } });
    }
    deps.logger.error('alert_trading_halted', { account: deps.account, sleeve: error.sleeve, reason });
    await this.enforceHalt(nowMs, true);
  }

  /** Cancels our resting reduce-only orders on the symbol; returns them as they were. */
  private async cancelOurReduceOnly(symbol: string, nowMs: number): Promise<VenueOrder[]> {
    const cancelled: VenueOrder[] = [];
    for (const order of await this.ourOpenOrders(symbol)) {
      if (!order.reduceOnly || order.clientOrderId === undefined) continue;
      await this.cancelAndRecord({ symbol, clientOrderId: order.clientOrderId, conditional: order.type === 'STOP_MARKET' || order.type === 'TAKE_PROFIT_MARKET' }, nowMs, 'cancelled: no longer protects a position');
      cancelled.push(order);
    }
    return cancelled;
  }

  private async cancelAndRecord(query: { symbol: string; clientOrderId: string; conditional: boolean }, nowMs: number, reason: string): Promise<VenueOrder | undefined> {
    await this.lock.confirm();
    await this.deps.gateway.cancelOrder(query);
    // A cancel answer may not carry the final status (algo orders): the order as queried is the truth.
    const after = await this.deps.gateway.fetchOrderByClientId(query);
    if (after !== undefined) await recordVenueOrder(this.deps.store, this.deps.account, after, nowMs, reason);
    return after;
  }

  private async ourOpenOrders(symbol: string): Promise<VenueOrder[]> {
    const open = await this.deps.gateway.fetchOpenOrders(symbol);
    const ours: VenueOrder[] = [];
    for (const order of open) if (order.clientOrderId !== undefined && (await this.deps.store.getIntent(order.clientOrderId))?.account === this.deps.account) ours.push(order);
    return ours;
  }

  /**
   * The deterministic id of a leg at this bar; a leg already SENT or in flight is not repeated, and an
   * id whose intent was NOT_SENT or DENIED gets a numbered successor (re-evaluated, never resent as is).
   */
  private async freshClientOrderId(decision: SleeveDecision, leg: string): Promise<string | undefined> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const id = makeClientOrderId({ account: this.deps.account, sleeve: decision.sleeve, symbol: decision.symbol, timeMs: decision.barTimeMs, sequence: attempt === 0 ? leg : `${leg}.${attempt}`, ...(this.instanceId !== undefined ? { instanceId: this.instanceId } : {}) });
      const existing = await this.deps.store.getIntent(id);
      if (existing === undefined) return id;
      if (existing.state === 'SENT' || existing.state === 'NEW') {
        // Stops and flattens may repeat within a bar once the earlier one is done.
        if (leg === 'exit' || leg === 'entry') return undefined;
        const order = await this.deps.store.getOrder(id);
        if (order === undefined || !['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'].includes(order.status)) return undefined;
      }
    }
    return undefined;
  }

  /**
   * The venue account as the risk gate reads it (the gate builds the snapshot: venueRiskSnapshot):
   * positions and working orders in plain numbers, the markets in one step, the stored trading state.
   */
  private async riskInput(venue: VenueView, nowMs: number, decision?: SleeveDecision): Promise<VenueRiskInput> {
    const positions = new Map<string, VenuePositionInput>();
    for (const [symbol, position] of venue.positions) {
      positions.set(symbol, { quantity: position.quantity.toNumber(), entryPrice: position.entryPrice?.toNumber() ?? Number.NaN, leverage: position.leverage ?? Number.NaN });
    }
    const state = (await this.deps.store.loadTradingState(this.deps.account))?.state;
    return {
      equity: venue.equity,
      positions,
      workingOrders: venue.open.map((order) => ({ symbol: order.symbol, side: order.side === 'BUY' ? 'buy' : 'sell', quantity: order.quantity.minus(order.executedQuantity).toNumber(), price: order.price?.toNumber() ?? order.stopPrice?.toNumber() ?? venue.marks.get(order.symbol) ?? 0, reduceOnly: order.reduceOnly })),
      markets: this.marketSnapshots(venue, nowMs, decision),
      ...(state !== undefined ? { tradingState: state } : {}),
    };
  }

  /**
   * Market data per symbol for the risk checks, with the guardrail inputs: the venue's book, and the
   * ATR and bar close of the decision on the symbol (else of the last bar's decision on it).
   */
  private marketSnapshots(venue: VenueView, nowMs: number, decision: SleeveDecision | undefined): Record<string, MarketSnapshot> {
    const markets: Record<string, MarketSnapshot> = {};
    for (const [symbol, markPrice] of venue.marks) markets[symbol] = marketSnapshotOf({ markPrice, markTimeMs: nowMs, book: venue.books.get(symbol), decision: decision?.symbol === symbol ? decision : this.lastDecisions.find((each) => each.symbol === symbol) });
    return markets;
  }
}
