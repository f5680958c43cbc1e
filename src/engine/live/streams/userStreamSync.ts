import type { Decimal } from 'decimal.js';
import { isTerminalStatus, type VenueOrder, type VenueTrade } from '../../../domain/order/venueOrder.ts';
import type { Clock } from '../../../ports/clock.ts';
import type { ExchangeGateway, Subscription } from '../../../ports/exchangeGateway.ts';
import { TERMINAL_ORDER_STATUSES, type OrderRecord, type TradeStore } from '../../../ports/tradeStore.ts';

export interface UserStreamSyncOptions {
  readonly gateway: ExchangeGateway;
  readonly store: TradeStore;
  readonly clock: Clock;
  readonly account: string;
  readonly symbols: ReadonlyArray<string>;
  /** Back-fills reach this far before the last venue event, covering clock differences. */
  readonly backfillMarginMs?: number;
  /** First back-fill attempt after a disconnect; doubled per failed attempt up to 30 s. */
  readonly backfillDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface BackfillReport {
  readonly tradesSeen: number;
  readonly fillsApplied: number;
  readonly ordersUpdated: number;
}

const DEFAULT_BACKFILL_MARGIN_MS = 5_000;
const DEFAULT_BACKFILL_DELAY_MS = 1_000;
const MAX_BACKFILL_DELAY_MS = 30_000;

/**
 * Keeps the TradeStore in step with the venue's user stream: order updates become order history,
 * fills are applied exactly once (the store dedupes by account + symbol + trade id, whether a fill
 * comes from the websocket, the gateway's reconnect back-fill or a REST poll). Updates may arrive out
 * of order (a fill before its NEW): an order never moves back from a later state, and a fill needs
 * no prior order row. After a disconnect or an expired listenKey it back-fills over REST: the user
 * trades since the last venue event, and the state of every order the store holds open, looked up
 * by client order id. When an order reports more executed quantity than the store has fills for, the
 * missing fills are fetched at once.
 */
export class UserStreamSync {
  private subscription: Subscription | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private lastEventMs: number | undefined;
  private readonly startedAtMs: number;
  private stopped = false;
  private disconnects = 0;
  /** Set by a disconnect, cleared by the next event: meanwhile the runner applies fills over REST. */
  private down = false;
  private backfillPending = false;
  private refreshPending = false;
  private failures: Error[] = [];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: UserStreamSyncOptions) {
    this.startedAtMs = options.clock.nowMs();
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  start(): void {
    if (this.subscription !== undefined) return;
    this.subscription = this.options.gateway.watchOrders(this.options.symbols, {
      onOrder: (order) => {
        this.enqueue(() => this.onOrder(order));
        // Deferred a tick: the fills of the same update are dispatched right after the order.
        if (order.executedQuantity.gt(0)) void Promise.resolve().then(() => this.enqueue(() => this.checkFillsOf(order)));
      },
      onTrade: (trade) =>
        void this.enqueue(async () => {
          if (await this.onTrade(trade)) this.scheduleOrderRefresh();
        }).catch(() => undefined),
      onDisconnect: (error) => this.onDisconnect(error),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    this.subscription = undefined;
    await this.idle();
  }

  /** Resolves when every event received so far has reached the store. */
  async idle(): Promise<void> {
    for (;;) {
      const current = this.queue;
      await current;
      if (current === this.queue) return;
    }
  }

  /** Venue time of the latest order or fill event seen (undefined before the first). */
  get lastVenueEventMs(): number | undefined {
    return this.lastEventMs;
  }

  /** The stream failed and has delivered nothing since. */
  get isDown(): boolean {
    return this.down;
  }

  get disconnectCount(): number {
    return this.disconnects;
  }

  /** Errors raised while applying events (the stream keeps going); the runner alerts on them. */
  takeFailures(): Error[] {
    const failures = this.failures;
    this.failures = [];
    return failures;
  }

  /**
   * Fetches the user trades since the last venue event and the state of every order the store holds
   * open, and applies them. Safe to call at any time (the runner's periodic poll): nothing is applied twice.
   */
  backfill(): Promise<BackfillReport> {
    return this.enqueue(() => this.runBackfill());
  }

  private async runBackfill(): Promise<BackfillReport> {
    const margin = this.options.backfillMarginMs ?? DEFAULT_BACKFILL_MARGIN_MS;
    const sinceMs = (this.lastEventMs ?? this.startedAtMs) - margin;
    let tradesSeen = 0;
    let fillsApplied = 0;
    // Orders to look up: every one the store holds open, plus those of fills it has no final state for.
    const toLookUp = new Map<string, string>();
    for (const symbol of this.options.symbols) {
      const trades = await this.options.gateway.fetchUserTrades(symbol, sinceMs);
      tradesSeen += trades.length;
      for (const trade of trades) {
        if (await this.onTrade(trade)) fillsApplied += 1;
        if (trade.clientOrderId !== undefined) toLookUp.set(trade.clientOrderId, symbol);
      }
    }
    for (const record of await this.options.store.listOpenOrders(this.options.account)) {
      if (this.options.symbols.includes(record.symbol)) toLookUp.set(record.clientOrderId, record.symbol);
    }
    let ordersUpdated = 0;
    for (const [clientOrderId, symbol] of toLookUp) {
      const stored = await this.options.store.getOrder(clientOrderId);
      if (stored !== undefined && TERMINAL_ORDER_STATUSES.includes(stored.status)) continue;
      const order = await this.options.gateway.fetchOrderByClientId({ symbol, clientOrderId });
      if (order !== undefined && (await this.onOrder(order, 'REST back-fill'))) ordersUpdated += 1;
    }
    return { tradesSeen, fillsApplied, ordersUpdated };
  }

  /**
   * A new fill whose order update did not come with it (a back-filled fill): look up the orders whose
   * stored state may lag, those not yet acknowledged and those with fewer fills than stored fills.
   */
  private scheduleOrderRefresh(): void {
    if (this.refreshPending) return;
    this.refreshPending = true;
    void Promise.resolve().then(() =>
      this.enqueue(async () => {
        this.refreshPending = false;
        for (const record of await this.options.store.listOpenOrders(this.options.account)) {
          if (!this.options.symbols.includes(record.symbol)) continue;
          const unacknowledged = record.status === 'PENDING_SEND' || record.status === 'UNKNOWN';
          if (!unacknowledged && !(await this.hasMoreFillsThanRecorded(record))) continue;
          const order = await this.options.gateway.fetchOrderByClientId({ symbol: record.symbol, clientOrderId: record.clientOrderId });
          if (order !== undefined) await this.onOrder(order, 'looked up after a back-filled fill');
        }
      }).catch(() => undefined),
    );
  }

  private async hasMoreFillsThanRecorded(record: OrderRecord): Promise<boolean> {
    const fills = await this.options.store.listFills({ account: this.options.account, symbol: record.symbol });
    const filled = fills
      .filter((fill) => fill.clientOrderId === record.clientOrderId || (record.venueOrderId !== null && fill.venueOrderId === record.venueOrderId))
      .reduce((sum, fill) => sum + Number(fill.quantity), 0);
    return filled > Number(record.filledQuantity);
  }

  private onDisconnect(error: Error): void {
    this.disconnects += 1;
    this.down = true;
    const atMs = this.options.clock.nowMs();
    void this.options.store
      .recordIncident({ atMs, kind: 'USER_STREAM_DISCONNECTED', severity: 'WARNING', detail: { account: this.options.account, error: error.message } })
      .catch((failure: unknown) => this.failures.push(asError(failure)));
    if (this.backfillPending) return;
    this.backfillPending = true;
    void this.backfillUntilDone();
  }

  /** Retries the back-fill with a growing delay until one succeeds: REST may be down with the stream. */
  private async backfillUntilDone(): Promise<void> {
    let delayMs = this.options.backfillDelayMs ?? DEFAULT_BACKFILL_DELAY_MS;
    while (!this.stopped) {
      await this.sleep(delayMs);
      if (this.stopped) break;
      try {
        const report = await this.backfill();
        if (report.fillsApplied > 0 || report.ordersUpdated > 0) {
          await this.options.store.recordIncident({
            atMs: this.options.clock.nowMs(),
            kind: 'USER_STREAM_BACKFILL',
            severity: 'INFO',
            detail: { account: this.options.account, fillsApplied: report.fillsApplied, ordersUpdated: report.ordersUpdated },
          });
        }
        break;
      } catch (error) {
        this.failures.push(asError(error));
        delayMs = Math.min(delayMs * 2, MAX_BACKFILL_DELAY_MS);
      }
    }
    this.backfillPending = false;
  }

  /** Records the order's state unless the store already holds the same or a later one; true when recorded. */
  private async onOrder(order: VenueOrder, reason: string | null = null): Promise<boolean> {
    this.noteEvent(order.updateTimeMs);
    if (order.clientOrderId === undefined) return false;
    const stored = await this.options.store.getOrder(order.clientOrderId);
    if (stored !== undefined && !isAdvance(stored, order)) return false;
    await this.options.store.recordOrderUpdate({
      clientOrderId: order.clientOrderId,
      account: this.options.account,
      symbol: order.symbol,
      venueOrderId: order.venueOrderId === '' ? (stored?.venueOrderId ?? null) : order.venueOrderId,
      status: order.status,
      filledQuantity: decimalText(order.executedQuantity),
      averagePrice: order.averagePrice === undefined ? null : decimalText(order.averagePrice),
      atMs: order.updateTimeMs ?? this.options.clock.nowMs(),
      reason,
    });
    return true;
  }

  /** Applies a fill once; true when it was new. */
  private async onTrade(trade: VenueTrade): Promise<boolean> {
    this.noteEvent(trade.timeMs);
    if (trade.tradeId === '' || trade.quantity.lte(0)) return false;
    const result = await this.options.store.applyFill({
      account: this.options.account,
      symbol: trade.symbol,
      tradeId: trade.tradeId,
      clientOrderId: trade.clientOrderId ?? null,
      venueOrderId: trade.venueOrderId === '' ? null : trade.venueOrderId,
      side: trade.side,
      quantity: decimalText(trade.quantity),
      price: decimalText(trade.price),
      fee: decimalText(trade.fee),
      atMs: trade.timeMs,
    });
    return result.applied;
  }

  /** The stream can coalesce updates (ccxt keeps the latest state per order): fetch fills it did not carry. */
  private async checkFillsOf(order: VenueOrder): Promise<void> {
    if (order.clientOrderId === undefined) return;
    const fills = await this.options.store.listFills({ account: this.options.account, symbol: order.symbol });
    const storedQuantity = fills
      .filter((fill) => fill.clientOrderId === order.clientOrderId || (order.venueOrderId !== '' && fill.venueOrderId === order.venueOrderId))
      .reduce((sum, fill) => sum.plus(fill.quantity), order.executedQuantity.mul(0));
    if (storedQuantity.gte(order.executedQuantity)) return;
    const margin = this.options.backfillMarginMs ?? DEFAULT_BACKFILL_MARGIN_MS;
    const sinceMs = Math.min(this.lastEventMs ?? this.startedAtMs, order.updateTimeMs ?? this.startedAtMs) - margin;
    const trades = await this.options.gateway.fetchUserTrades(order.symbol, sinceMs);
    for (const trade of trades) await this.onTrade(trade);
  }

  private noteEvent(timeMs: number | undefined): void {
    this.down = false;
    if (timeMs !== undefined && Number.isFinite(timeMs) && timeMs > 0) this.lastEventMs = Math.max(this.lastEventMs ?? 0, timeMs);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch((error: unknown) => {
      this.failures.push(asError(error));
    });
    return next;
  }
}

/** True when the venue's report is later than the stored state: more filled, or a later status. */
function isAdvance(stored: OrderRecord, order: VenueOrder): boolean {
  const storedFilled = order.executedQuantity.mul(0).plus(stored.filledQuantity);
  if (order.executedQuantity.lt(storedFilled)) return false;
  if (order.executedQuantity.gt(storedFilled)) return true;
  const storedTerminal = TERMINAL_ORDER_STATUSES.includes(stored.status);
  if (storedTerminal) return false;
  if (isTerminalStatus(order.status)) return true;
  // Same quantity, both open: only the local placeholders (PENDING_SEND, UNKNOWN) are replaced.
  return (stored.status === 'PENDING_SEND' || stored.status === 'UNKNOWN') && order.status !== 'UNKNOWN';
}

function decimalText(value: Decimal): string {
  const text = value.toFixed();
  return text === '-0' ? '0' : text;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
