import { Decimal } from 'decimal.js';
import { OrderDeniedError } from '../../domain/errors/exchangeErrors.ts';
import type { MarketFilters } from '../../domain/order/marketFilters.ts';
import { roundOrderToFilters } from '../../domain/order/roundOrderToFilters.ts';
import type { OrderRequest, VenueOrder, VenueTrade } from '../../domain/order/venueOrder.ts';
import type {
  AccountSettings,
  ApiRestrictions,
  BookTicker,
  CandleStreamHandlers,
  ClockSync,
  ExchangeGateway,
  MarkPriceSnapshot,
  OrderQuery,
  OrderStreamHandlers,
  PlaceOrderOutcome,
  Subscription,
  VenueBalance,
  VenueCandle,
  VenueFundingPayment,
  VenueOrderIdQuery,
  VenuePosition,
} from '../../ports/exchangeGateway.ts';

/** A request a dry run would have sent to the venue, in the order it came. */
export type DryRunRequest =
  | { readonly kind: 'placeOrder'; readonly request: OrderRequest }
  | { readonly kind: 'cancelOrder'; readonly query: OrderQuery }
  | { readonly kind: 'setLeverage'; readonly symbol: string; readonly leverage: number }
  | { readonly kind: 'setIsolatedMargin'; readonly symbol: string }
  | { readonly kind: 'armCancelAllCountdown'; readonly symbol: string; readonly countdownMs: number };

export interface DryRunGatewayOptions {
  readonly nowMs: () => number;
  /** Told of each request as it is recorded (the wiring logs it). */
  readonly onRecord?: (request: DryRunRequest) => void;
}

/**
 * `--dry-run` as a gateway: every read goes to the real account through the real gateway, every
 * request that would change something at the venue (orders, cancels, leverage, margin mode, the
 * dead-man switch) is recorded in `recorded` and never sent. Its answers are those of a venue that
 * took the requests: a market order fills at the reference price the runner gave (its fill shows in
 * positions and trades read afterwards), a stop rests in the open orders, a cancelled order is gone.
 * So the runner runs its one code path (stops after entries, flattens that end flat, reconciliations
 * that agree) and the dry run reports what it would send, with no `if (dryRun)` inside it.
 */
export class DryRunGateway implements ExchangeGateway {
  readonly recorded: DryRunRequest[] = [];
  private readonly references = new Map<string, Decimal>();
  /** Orders it would have placed, in their state as the would-be venue holds them. */
  private readonly orders: VenueOrder[] = [];
  private readonly trades: VenueTrade[] = [];
  /** Net base quantity its market orders would have added, by symbol. */
  private readonly fills = new Map<string, Decimal>();
  /** Client order ids of real orders it would have cancelled. */
  private readonly cancelledReal = new Set<string>();

  constructor(
    private readonly real: ExchangeGateway,
    private readonly options: DryRunGatewayOptions,
  ) {}

  get venue(): string {
    return this.real.venue;
  }

  connect(): Promise<void> {
    return this.real.connect();
  }
  syncClock(): Promise<ClockSync> {
    return this.real.syncClock();
  }
  marketFilters(symbol: string): MarketFilters {
    return this.real.marketFilters(symbol);
  }
  fetchCandles(symbol: string, timeframe: string, sinceMs?: number, limit?: number): Promise<VenueCandle[]> {
    return this.real.fetchCandles(symbol, timeframe, sinceMs, limit);
  }
  fetchMarkPrice(symbol: string): Promise<MarkPriceSnapshot> {
    return this.real.fetchMarkPrice(symbol);
  }
  fetchBookTicker(symbol: string): Promise<BookTicker> {
    return this.real.fetchBookTicker(symbol);
  }
  setReferencePrice(symbol: string, price: Decimal): void {
    this.references.set(symbol, price);
    this.real.setReferencePrice(symbol, price);
  }
  fetchBalances(): Promise<VenueBalance[]> {
    return this.real.fetchBalances();
  }
  fetchAccountSettings(): Promise<AccountSettings> {
    return this.real.fetchAccountSettings();
  }
  fetchApiRestrictions(): Promise<ApiRestrictions | undefined> {
    return this.real.fetchApiRestrictions();
  }
  watchCandles(symbol: string, timeframe: string, handlers: CandleStreamHandlers): Subscription {
    return this.real.watchCandles(symbol, timeframe, handlers);
  }
  watchOrders(symbols: ReadonlyArray<string>, handlers: OrderStreamHandlers): Subscription {
    return this.real.watchOrders(symbols, handlers);
  }
  markReconciled(): void {
    this.real.markReconciled?.();
  }
  close(): Promise<void> {
    return this.real.close();
  }

  async fetchPositions(symbols?: ReadonlyArray<string>): Promise<VenuePosition[]> {
    const positions = new Map((await this.real.fetchPositions(symbols)).map((position) => [position.symbol, position]));
    for (const [symbol, added] of this.fills) {
      if (symbols !== undefined && !symbols.includes(symbol)) continue;
      const held = positions.get(symbol);
      const quantity = (held?.quantity ?? new Decimal(0)).plus(added);
      positions.set(symbol, {
        symbol,
        quantity,
        entryPrice: held?.entryPrice ?? this.references.get(symbol),
        marginMode: held?.marginMode ?? 'isolated',
        leverage: held?.leverage,
        unrealizedPnl: held?.unrealizedPnl ?? new Decimal(0),
        liquidationPrice: held?.liquidationPrice,
      });
    }
    return [...positions.values()].filter((position) => !position.quantity.isZero());
  }

  async fetchOpenOrders(symbol?: string): Promise<VenueOrder[]> {
    const real = (await this.real.fetchOpenOrders(symbol)).filter((order) => order.clientOrderId === undefined || !this.cancelledReal.has(order.clientOrderId));
    return [...real, ...this.orders.filter((order) => (symbol === undefined || order.symbol === symbol) && (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED'))];
  }

  async fetchOrderByClientId(query: OrderQuery): Promise<VenueOrder | undefined> {
    const own = this.orders.find((order) => order.clientOrderId === query.clientOrderId && order.symbol === query.symbol);
    if (own !== undefined) return own;
    const real = await this.real.fetchOrderByClientId(query);
    return real !== undefined && this.cancelledReal.has(query.clientOrderId) ? { ...real, status: 'CANCELED' } : real;
  }

  async fetchOrderByVenueId(query: VenueOrderIdQuery): Promise<VenueOrder | undefined> {
    return this.orders.find((order) => order.venueOrderId === query.venueOrderId && order.symbol === query.symbol) ?? this.real.fetchOrderByVenueId(query);
  }

  async fetchOrdersSince(symbol: string, sinceMs: number, options?: { readonly conditional?: boolean }): Promise<VenueOrder[]> {
    const conditional = options?.conditional === true;
    const own = this.orders.filter((order) => order.symbol === symbol && isConditional(order) === conditional);
    return [...(await this.real.fetchOrdersSince(symbol, sinceMs, options)), ...own];
  }

  async fetchUserTrades(symbol: string, sinceMs?: number): Promise<VenueTrade[]> {
    const own = this.trades.filter((trade) => trade.symbol === symbol && (sinceMs === undefined || trade.timeMs >= sinceMs));
    return [...(await this.real.fetchUserTrades(symbol, sinceMs)), ...own];
  }

  /** A read: the venue's own funding history (a dry run's orders hold no position at funding time). */
  fetchFundingPayments(symbol: string, sinceMs?: number): Promise<VenueFundingPayment[]> {
    return this.real.fetchFundingPayments(symbol, sinceMs);
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    this.record({ kind: 'setLeverage', symbol, leverage });
  }

  async setIsolatedMargin(symbol: string): Promise<void> {
    this.record({ kind: 'setIsolatedMargin', symbol });
  }

  async armCancelAllCountdown(symbol: string, countdownMs: number): Promise<boolean> {
    this.record({ kind: 'armCancelAllCountdown', symbol, countdownMs });
    return true;
  }

  /** The real gateway's local pre-checks (grid, minimum notional at the reference), then recorded. */
  async placeOrder(request: OrderRequest): Promise<PlaceOrderOutcome> {
    const reference = request.price ?? request.stopPrice ?? this.references.get(request.symbol);
    const rounded = roundOrderToFilters(request, this.real.marketFilters(request.symbol), reference);
    if (!rounded.ok) throw new OrderDeniedError(`${this.venue} ${rounded.message}`, { reason: rounded.reason, local: true });
    const existing = this.orders.find((order) => order.clientOrderId === request.clientOrderId);
    if (existing !== undefined) return { status: 'PLACED', order: existing, via: 'DUPLICATE' };
    this.record({ kind: 'placeOrder', request: { ...request, quantity: rounded.quantity } });
    const timeMs = this.options.nowMs();
    const venueOrderId = `dry-run-${this.orders.length + 1}`;
    const fills = request.type === 'MARKET';
    const fillPrice = fills ? (reference ?? (await this.real.fetchMarkPrice(request.symbol)).markPrice) : undefined;
    const order: VenueOrder = {
      venueOrderId,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      status: fills ? 'FILLED' : 'NEW',
      quantity: rounded.quantity,
      executedQuantity: fills ? rounded.quantity : new Decimal(0),
      averagePrice: fillPrice,
      price: rounded.price,
      stopPrice: rounded.stopPrice,
      reduceOnly: request.reduceOnly,
      updateTimeMs: timeMs,
    };
    this.orders.push(order);
    if (fillPrice !== undefined) {
      const signed = request.side === 'BUY' ? rounded.quantity : rounded.quantity.neg();
      this.fills.set(request.symbol, (this.fills.get(request.symbol) ?? new Decimal(0)).plus(signed));
      this.trades.push({ tradeId: `${venueOrderId}-1`, venueOrderId, clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, quantity: rounded.quantity, price: fillPrice, fee: new Decimal(0), feeCurrency: undefined, timeMs });
    }
    return { status: 'PLACED', order, via: 'ACCEPTED' };
  }

  async cancelOrder(query: OrderQuery): Promise<VenueOrder | undefined> {
    this.record({ kind: 'cancelOrder', query });
    const index = this.orders.findIndex((order) => order.clientOrderId === query.clientOrderId && order.symbol === query.symbol);
    if (index >= 0) {
      const order = this.orders[index];
      if (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED') this.orders[index] = { ...order, status: 'CANCELED', updateTimeMs: this.options.nowMs() };
      return this.orders[index];
    }
    const real = await this.real.fetchOrderByClientId(query);
    if (real === undefined) return undefined;
    this.cancelledReal.add(query.clientOrderId);
    return { ...real, status: 'CANCELED' };
  }

  private record(request: DryRunRequest): void {
    this.recorded.push(request);
    this.options.onRecord?.(request);
  }
}

function isConditional(order: VenueOrder): boolean {
  return order.type === 'STOP_MARKET' || order.type === 'TAKE_PROFIT_MARKET';
}
