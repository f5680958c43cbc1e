import type { Exchange } from 'ccxt';
import { Decimal } from 'decimal.js';
import { ExchangeError, OperationalHaltError, OrderDeniedError, OrderDenialReason, RetryableExchangeError, UnknownOrderOutcomeError } from '../../../domain/errors/exchangeErrors.ts';
import type { MarketFilters } from '../../../domain/order/marketFilters.ts';
import { roundOrderToFilters } from '../../../domain/order/roundOrderToFilters.ts';
import type { OrderRequest, VenueOrder, VenueTrade } from '../../../domain/order/venueOrder.ts';
import type {
  AccountSettings,
  ApiRestrictions,
  BookTicker,
  VenueFundingPayment,
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
  VenueOrderIdQuery,
  VenuePosition,
} from '../../../ports/exchangeGateway.ts';
import { domainSymbol, marketFiltersOf, toDecimal, venueOrderOf, venuePositionOf, venueTradeOf, type CcxtMarketLike } from './ccxtMappers.ts';
import type { CircuitBreakerPolicy } from './circuitBreaker.ts';
import { RequestGate, RequestPriority, type RequestGateIncident, type RequestGateStatus } from './requestGate.ts';
import { DEFAULT_SUBMISSION_POLICY, lookUp, submitOrder, type SubmissionPolicy } from './submitOrder.ts';
import { translateCcxtError, type ExchangeOperation } from './translateCcxtError.ts';
import { quirksFor, venueClientOrderId, type VenueQuirks } from './venueQuirks.ts';
import { closeWebSocketsCarrying, forgetListenKey } from './ccxtWebSockets.ts';
import { overrideRestOrigin, overrideWsOrigin, wsOriginOf } from './overrideOrigins.ts';
import { tradeOfOrderUpdate, watchCandleStream, watchOrderStream } from './ccxtStreams.ts';

export interface CcxtGatewayOptions {
  /** ccxt exchange id with a row in VENUE_QUIRKS: binanceusdm, bybit, okx. */
  readonly venue: string;
  readonly apiKey: string;
  readonly secret: string;
  /** OKX passphrase. */
  readonly password?: string;
  /** The venue's sandbox (ccxt setSandboxMode). Never implied: live is the default only when this is false. */
  readonly testnet: boolean;
  /** Replaces the origin of every REST URL, e.g. the local venue `http://127.0.0.1:8080`. */
  readonly baseUrl?: string;
  /**
   * Replaces the origin of every websocket URL (`ws://127.0.0.1:8080`); the venue's stream paths are
   * kept. Default with `baseUrl`: its host and port (http → ws, https → wss), so a rehearsal's streams
   * never reach the production host.
   */
  readonly wsUrl?: string;
  /** Largest venue-clock offset accepted, ms. */
  readonly maxClockOffsetMs?: number;
  readonly submission?: SubmissionPolicy;
  readonly nowMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Request-weight budget per minute; POLL requests are shed above 80% of it. */
  readonly weightLimitPerMinute?: number;
  readonly circuitBreaker?: CircuitBreakerPolicy;
  /** IP ban and circuit-breaker incidents, for the store and the alerts. */
  readonly onIncident?: (incident: RequestGateIncident) => void;
}

export const DEFAULT_MAX_CLOCK_OFFSET_MS = 5_000;
/** The venue stamps an order with its clock: its record is searched from this long before our send. */
const ORDER_RECORD_MARGIN_MS = 60_000;
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** ExchangeGateway over ccxt's unified API; venue differences come from the VENUE_QUIRKS table. */
export class CcxtExchangeGateway implements ExchangeGateway {
  readonly venue: string;
  private readonly quirks: VenueQuirks;
  private readonly gate: RequestGate;
  private readonly nowMs: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly secrets: ReadonlyArray<string | undefined>;
  private readonly unifiedByDomain = new Map<string, string>();
  private readonly filtersByDomain = new Map<string, MarketFilters>();
  /** Perpetuals the venue lists but this gateway refuses to trade, with the reason (named when asked for). */
  private readonly refusedByDomain = new Map<string, string>();
  private readonly subscriptions = new Set<Subscription>();
  /** Client order ids a create request has been sent with (past the request gate) in this session. */
  private readonly submittedClientOrderIds = new Set<string>();
  private readonly submissionsInFlight = new Map<string, Promise<PlaceOrderOutcome>>();
  /** When a create request with the id was first sent in this session: where its venue record starts. */
  private readonly firstSentAtMs = new Map<string, number>();

  /** Creates the ccxt client (imported on first use: ~0.5 s, 85 MB) and wraps it. */
  static async open(options: CcxtGatewayOptions): Promise<CcxtExchangeGateway> {
    const quirks = quirksFor(options.venue);
    if (options.testnet && (options.baseUrl !== undefined || options.wsUrl !== undefined)) throw new RangeError('testnet and baseUrl/wsUrl exclude each other: choose the sandbox or the local venue');
    const ccxt = await import('ccxt');
    const pro = (ccxt as unknown as { pro?: Record<string, unknown> }).pro ?? {};
    const Constructor = (pro[quirks.ccxtId] ?? (ccxt as unknown as Record<string, unknown>)[quirks.ccxtId]) as (new (config: object) => Exchange) | undefined;
    if (typeof Constructor !== 'function') throw new RangeError(`ccxt has no exchange "${quirks.ccxtId}"`);
    const exchange = new Constructor({
      apiKey: options.apiKey,
      secret: options.secret,
      password: options.password,
      enableRateLimit: true,
      // Reconciliation asks for every open order of the account at once: ccxt refuses that by default.
      options: { fetchCurrencies: false, defaultType: 'swap', adjustForTimeDifference: false, fetchOpenOrders: { warnWithoutSymbol: false } },
    });
    if (options.testnet) {
      const urls = exchange.urls as { test?: unknown };
      if (urls.test === undefined) throw new OperationalHaltError(`${quirks.ccxtId} has no sandbox in ccxt: refusing to fall back to live`);
      exchange.setSandboxMode(true);
    }
    // ccxt schedules the listenKey keepalive (every 20 min) with a plain setTimeout that close() leaves
    // behind: unref'd it still fires while the runner runs, but no longer holds a finished `--once` open.
    exchange.delay = (timeoutMs: number, method: unknown, ...args: unknown[]) => {
      setTimeout(() => {
        exchange.spawn(method, ...args);
      }, timeoutMs).unref();
    };
    if (options.baseUrl !== undefined) overrideRestOrigin(exchange, options.baseUrl);
    const wsOrigin = options.wsUrl ?? (options.baseUrl !== undefined ? wsOriginOf(options.baseUrl) : undefined);
    if (wsOrigin !== undefined) {
      overrideWsOrigin(exchange, wsOrigin);
      // ccxt opens a plain ws:// socket only through an http agent it loads on request.
      if (wsOrigin.startsWith('ws://')) await exchange.loadHttpProxyAgent();
    }
    return new CcxtExchangeGateway(exchange, options);
  }

  /** Wraps an already configured ccxt client (the local venue's test client). */
  constructor(
    private readonly exchange: Exchange,
    private readonly options: CcxtGatewayOptions,
  ) {
    this.quirks = quirksFor(options.venue);
    this.venue = options.venue;
    this.nowMs = options.nowMs ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.gate = new RequestGate({
      nowMs: this.nowMs,
      sleep: this.sleep,
      weightLimitPerMinute: options.weightLimitPerMinute,
      circuitBreaker: options.circuitBreaker,
      onIncident: options.onIncident,
    });
    this.secrets = [options.apiKey, options.secret, options.password];
    keepNoProcessAlive(exchange);
  }

  async connect(): Promise<void> {
    await this.loadMarkets();
    await this.syncClock();
  }

  async loadMarkets(): Promise<void> {
    const markets = await this.call('read', 'loadMarkets', () => this.exchange.loadMarkets(true), undefined, RequestPriority.ORDER);
    this.unifiedByDomain.clear();
    this.filtersByDomain.clear();
    this.refusedByDomain.clear();
    for (const market of Object.values(markets) as unknown as CcxtMarketLike[]) {
      if (market.swap !== true || market.linear !== true || market.settle !== market.quote) continue;
      const symbol = domainSymbol(market);
      if (market.contractSize !== undefined && market.contractSize !== 1) {
        // Quantities here are base units end to end, while ccxt sends amounts in contracts (OKX: BTC-USDT-SWAP
        // is 0.01 BTC a contract, DOGE 1000 DOGE): sent as is, an order would be off by that factor. Refused.
        this.refusedByDomain.set(symbol, `${market.symbol} trades in contracts of ${market.contractSize} ${market.base}, and orders are sized in ${market.base}: refusing to trade it`);
        continue;
      }
      this.unifiedByDomain.set(symbol, market.symbol);
      this.filtersByDomain.set(symbol, marketFiltersOf(market));
    }
  }

  private lastSync: ClockSync | undefined;

  async syncClock(): Promise<ClockSync> {
    const sentMs = this.nowMs();
    const serverMs = await this.call('read', 'fetchTime', () => this.exchange.fetchTime(), undefined, RequestPriority.ORDER);
    const receivedMs = this.nowMs();
    if (serverMs === undefined || !Number.isFinite(serverMs)) throw new OperationalHaltError(`${this.venue}: the venue reported no server time; refusing to trade without a measured clock offset`);
    const roundTripMs = receivedMs - sentMs;
    const offsetMs = Math.round(serverMs - (sentMs + receivedMs) / 2);
    const boundMs = this.options.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS;
    if (Math.abs(offsetMs) > boundMs) {
      throw new OperationalHaltError(`${this.venue}: clock offset to the venue must be at most ${boundMs} ms, was ${offsetMs} ms (round trip ${roundTripMs} ms)`);
    }
    // ccxt signs with milliseconds() - timeDifference.
    (this.exchange.options as Record<string, unknown>).timeDifference = -offsetMs;
    this.lastSync = { offsetMs, roundTripMs };
    return this.lastSync;
  }

  /** The last measured clock offset (the dashboard's health panel shows it); undefined before the first sync. */
  get lastClockSync(): ClockSync | undefined {
    return this.lastSync;
  }

  marketFilters(symbol: string): MarketFilters {
    const filters = this.filtersByDomain.get(symbol);
    this.denyIfRefused(symbol);
    if (filters === undefined) {
      throw new OrderDeniedError(`${this.venue}: no market ${symbol} (load markets first; known: ${[...this.filtersByDomain.keys()].slice(0, 5).join(', ')})`, { reason: OrderDenialReason.INVALID_ORDER, local: true });
    }
    return filters;
  }

  async fetchCandles(symbol: string, timeframe: string, sinceMs?: number, limit?: number): Promise<VenueCandle[]> {
    const rows = await this.call('read', `fetchOHLCV ${symbol} ${timeframe}`, () => this.exchange.fetchOHLCV(this.unified(symbol), timeframe, sinceMs, limit));
    return rows.map((row) => candleOf(symbol, timeframe, row as number[]));
  }

  async fetchMarkPrice(symbol: string): Promise<MarkPriceSnapshot> {
    const rate = await this.call('read', `fetchFundingRate ${symbol}`, () => this.exchange.fetchFundingRate(this.unified(symbol)));
    const markPrice = toDecimal(rate.markPrice);
    if (markPrice === undefined || markPrice.lte(0)) throw new OperationalHaltError(`${this.venue}: ${symbol} mark price must be positive, was ${String(rate.markPrice)}`);
    return {
      symbol,
      markPrice,
      indexPrice: toDecimal(rate.indexPrice),
      fundingRate: toDecimal(rate.fundingRate),
      nextFundingTimeMs: rate.fundingTimestamp ?? rate.nextFundingTimestamp ?? undefined,
      timeMs: rate.timestamp ?? undefined,
    };
  }

  async fetchBookTicker(symbol: string): Promise<BookTicker> {
    const name = this.quirks.bookTickerMethod;
    const method = name === undefined ? undefined : (this.exchange as unknown as Record<string, unknown>)[name];
    let quote: { bid: unknown; bidQuantity: unknown; ask: unknown; askQuantity: unknown; timeMs: unknown };
    if (typeof method === 'function') {
      const marketId = this.exchange.market(this.unified(symbol)).id;
      const raw = await this.call('read', `bookTicker ${symbol}`, () => (method as (params: object) => Promise<Record<string, unknown>>).call(this.exchange, { symbol: marketId }));
      quote = { bid: raw.bidPrice, bidQuantity: raw.bidQty, ask: raw.askPrice, askQuantity: raw.askQty, timeMs: raw.time };
    } else {
      const ticker = await this.call('read', `fetchTicker ${symbol}`, () => this.exchange.fetchTicker(this.unified(symbol)));
      quote = { bid: ticker.bid, bidQuantity: ticker.bidVolume, ask: ticker.ask, askQuantity: ticker.askVolume, timeMs: ticker.timestamp };
    }
    const bidPrice = toDecimal(quote.bid);
    const askPrice = toDecimal(quote.ask);
    // A one-sided or crossed book has no spread to trust: fail closed rather than read it as tight.
    if (bidPrice === undefined || askPrice === undefined || bidPrice.lte(0) || askPrice.lt(bidPrice)) {
      throw new OperationalHaltError(`${this.venue}: ${symbol} best bid and ask must be positive with ask ≥ bid, was bid ${String(quote.bid)} ask ${String(quote.ask)}`);
    }
    const timeMs = Number(quote.timeMs);
    return {
      symbol,
      bidPrice,
      bidQuantity: toDecimal(quote.bidQuantity) ?? new Decimal(0),
      askPrice,
      askQuantity: toDecimal(quote.askQuantity) ?? new Decimal(0),
      timeMs: Number.isFinite(timeMs) && timeMs > 0 ? timeMs : undefined,
    };
  }

  async fetchBalances(): Promise<VenueBalance[]> {
    const balance = await this.call('read', 'fetchBalance', () => this.exchange.fetchBalance());
    const totals = (balance.total ?? {}) as unknown as Record<string, number | undefined>;
    const free = (balance.free ?? {}) as unknown as Record<string, number | undefined>;
    const used = (balance.used ?? {}) as unknown as Record<string, number | undefined>;
    return Object.keys(totals).map((asset) => ({
      asset,
      total: toDecimal(totals[asset]) ?? new Decimal(0),
      free: toDecimal(free[asset]) ?? new Decimal(0),
      used: toDecimal(used[asset]) ?? new Decimal(0),
    }));
  }

  async fetchPositions(symbols?: ReadonlyArray<string>): Promise<VenuePosition[]> {
    const unified = symbols?.map((symbol) => this.unified(symbol));
    const positions = await this.call('read', 'fetchPositions', () => this.exchange.fetchPositions(unified));
    return positions
      .map((position) => venuePositionOf(position as never, this.domain(String(position.symbol))))
      .filter((position) => !position.quantity.isZero());
  }

  async fetchAccountSettings(): Promise<AccountSettings> {
    if (this.exchange.has.fetchPositionMode !== true) return { positionMode: 'UNKNOWN' };
    const anySymbol = [...this.unifiedByDomain.values()][0];
    const mode = await this.call('read', 'fetchPositionMode', () => this.exchange.fetchPositionMode(anySymbol));
    return { positionMode: mode.hedged === true ? 'HEDGE' : mode.hedged === false ? 'ONE_WAY' : 'UNKNOWN' };
  }

  /**
   * Binance only (GET /sapi/v1/account/apiRestrictions, signed, on the spot host); undefined when the
   * venue does not report restrictions, or in the sandbox, which has no SAPI host in ccxt. Where the
   * venue reports them, a failed read throws: the go-live check fails closed rather than guess.
   */
  async fetchApiRestrictions(): Promise<ApiRestrictions | undefined> {
    const method = (this.exchange as unknown as Record<string, unknown>).sapiGetAccountApiRestrictions;
    if (!this.quirks.reportsApiRestrictions || typeof method !== 'function') return undefined;
    if ((this.exchange.urls.api as Record<string, unknown>).sapi === undefined) return undefined;
    const raw = await this.call('read', 'apiRestrictions', () => (method as () => Promise<Record<string, unknown>>).call(this.exchange), undefined, RequestPriority.ORDER);
    const flag = (key: string): boolean | undefined => (typeof raw[key] === 'boolean' ? (raw[key] as boolean) : undefined);
    return {
      futuresTradingEnabled: flag('enableFutures'),
      withdrawalsEnabled: flag('enableWithdrawals'),
      universalTransferEnabled: flag('permitsUniversalTransfer'),
      ipRestricted: flag('ipRestrict'),
    };
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    await this.callAllowingAlreadySet(`setLeverage ${symbol} ${leverage}`, () => this.exchange.setLeverage(leverage, this.unified(symbol)));
  }

  async setIsolatedMargin(symbol: string): Promise<void> {
    await this.callAllowingAlreadySet(`setMarginMode ${symbol} isolated`, () => this.exchange.setMarginMode('isolated', this.unified(symbol)));
  }

  async placeOrder(request: OrderRequest): Promise<PlaceOrderOutcome> {
    const filters = this.marketFilters(request.symbol);
    // Market and trigger orders are checked at the last known mark; fetching it here would add a request per order.
    const reference = request.price ?? request.stopPrice ?? this.referencePrices.get(request.symbol);
    const rounded = roundOrderToFilters(request, filters, reference);
    if (!rounded.ok) throw new OrderDeniedError(`${this.venue} ${rounded.message}`, { reason: rounded.reason, local: true });
    const clientOrderId = venueClientOrderId(request.clientOrderId, this.quirks);
    const conditional = request.type === 'STOP_MARKET' || request.type === 'TAKE_PROFIT_MARKET';
    const unified = this.unified(request.symbol);
    const params: Record<string, unknown> = { ...this.quirks.orderParams, [this.quirks.clientOrderIdParam]: clientOrderId };
    if (request.reduceOnly && this.quirks.supportsReduceOnly) params.reduceOnly = true;
    if (request.type === 'STOP_MARKET') params[this.quirks.stopLossPriceParam] = rounded.stopPrice?.toString();
    if (request.type === 'TAKE_PROFIT_MARKET') params[this.quirks.takeProfitPriceParam] = rounded.stopPrice?.toString();
    const type = conditional ? this.quirks.stopOrderType : request.type === 'LIMIT' ? 'limit' : 'market';
    const side = request.side === 'BUY' ? 'buy' : 'sell';
    const policy = this.options.submission ?? DEFAULT_SUBMISSION_POLICY;
    const findByClientOrderId = (): Promise<VenueOrder | undefined> => this.fetchOrderByClientId({ symbol: request.symbol, clientOrderId, conditional });
    const findInOrderRecord = async (): Promise<VenueOrder | undefined> => {
      const sentAtMs = this.firstSentAtMs.get(clientOrderId) ?? this.nowMs();
      return (await this.fetchOrdersSince(request.symbol, sentAtMs - ORDER_RECORD_MARGIN_MS, { conditional })).find((order) => order.clientOrderId === clientOrderId);
    };
    const what = `createOrder ${request.symbol} ${request.side} ${request.type} ${rounded.quantity.toString()} ${clientOrderId}`;
    const submit = async (): Promise<PlaceOrderOutcome> => {
      // Binance only rejects a client order id that is still OPEN (-4116): a filled one can be reused,
      // so a second submit of the same intent in this session is a look-up, never a second order.
      if (this.submittedClientOrderIds.has(clientOrderId)) {
        const cause = new UnknownOrderOutcomeError(`${this.venue}: ${clientOrderId} was already submitted in this session`, { clientOrderId });
        return lookUp({ findByClientOrderId, findInOrderRecord, sleep: this.sleep }, clientOrderId, policy, cause, 'DUPLICATE');
      }
      return submitOrder(
        {
          send: async () => {
            const priority = request.reduceOnly ? RequestPriority.ESSENTIAL : RequestPriority.ENTRY;
            const createOrder = (): Promise<unknown> => {
              // Only now, past the request gate, does a request carry the id: an order the gate refused
              // (held for reconciliation, a ban, an open circuit) is sent normally when asked again.
              this.submittedClientOrderIds.add(clientOrderId);
              if (!this.firstSentAtMs.has(clientOrderId)) this.firstSentAtMs.set(clientOrderId, this.nowMs());
              return this.exchange.createOrder(unified, type, side, rounded.quantity.toNumber(), rounded.price?.toNumber(), params);
            };
            let order: unknown;
            try {
              order = await this.call('submit', what, createOrder, clientOrderId, priority);
            } catch (error) {
              // The venue refused what the cached filters allowed (they changed): reload them, so the
              // next order is checked locally against the venue's rules. The order is never resized here.
              if (error instanceof OrderDeniedError && !error.local && (error.reason === OrderDenialReason.FILTER_VIOLATION || error.reason === OrderDenialReason.BELOW_MIN_NOTIONAL)) await this.loadMarkets().catch(() => undefined);
              throw error;
            }
            return venueOrderOf(order as never, request.symbol);
          },
          findByClientOrderId,
          findInOrderRecord,
          resyncClock: async () => {
            await this.syncClock();
          },
          sleep: this.sleep,
        },
        clientOrderId,
        policy,
      );
    };
    // Submits of one id run one after another, so a concurrent duplicate sees the first one's id as
    // sent (and looks it up) instead of racing it past the check above.
    const previous = this.submissionsInFlight.get(clientOrderId);
    const current = (previous === undefined ? submit() : previous.then(submit, submit)).finally(() => {
      if (this.submissionsInFlight.get(clientOrderId) === current) this.submissionsInFlight.delete(clientOrderId);
    });
    this.submissionsInFlight.set(clientOrderId, current);
    return current;
  }

  async armCancelAllCountdown(symbol: string, countdownMs: number): Promise<boolean> {
    const name = this.quirks.cancelAllCountdownMethod;
    const method = name === undefined ? undefined : (this.exchange as unknown as Record<string, unknown>)[name];
    if (typeof method !== 'function') return false;
    const marketId = this.exchange.market(this.unified(symbol)).id;
    const countdownTime = Math.max(0, Math.round(countdownMs));
    // A cancel-class request: it must get through under rate limits, as cancels do.
    await this.call('cancel', `countdownCancelAll ${symbol} ${countdownTime}`, () => (method as (params: object) => Promise<unknown>).call(this.exchange, { symbol: marketId, countdownTime }));
    return true;
  }

  /** Last mark per symbol for the min-notional pre-check of market orders (set by the caller each bar). */
  private readonly referencePrices = new Map<string, Decimal>();

  setReferencePrice(symbol: string, price: Decimal): void {
    this.referencePrices.set(symbol, price);
  }

  async cancelOrder(query: OrderQuery): Promise<VenueOrder | undefined> {
    const clientOrderId = venueClientOrderId(query.clientOrderId, this.quirks);
    try {
      const order = await this.call('cancel', `cancelOrder ${query.symbol} ${clientOrderId}`, () => this.exchange.cancelOrder('', this.unified(query.symbol), this.orderParams(clientOrderId, query.conditional)), clientOrderId);
      return venueOrderOf(order as never, query.symbol);
    } catch (error) {
      if (error instanceof OrderDeniedError && error.reason === OrderDenialReason.ORDER_NOT_FOUND) return undefined;
      throw error;
    }
  }

  async fetchOrderByClientId(query: OrderQuery): Promise<VenueOrder | undefined> {
    const clientOrderId = venueClientOrderId(query.clientOrderId, this.quirks);
    try {
      const order = await this.call('read', `fetchOrder ${query.symbol} ${clientOrderId}`, () => this.exchange.fetchOrder('', this.unified(query.symbol), { ...this.orderParams(clientOrderId, query.conditional), ...this.quirks.orderLookupParams }), undefined, RequestPriority.ORDER);
      return venueOrderOf(order as never, query.symbol);
    } catch (error) {
      if (error instanceof OrderDeniedError && error.reason === OrderDenialReason.ORDER_NOT_FOUND) return undefined;
      throw error;
    }
  }

  async fetchOpenOrders(symbol?: string): Promise<VenueOrder[]> {
    const unified = symbol === undefined ? undefined : this.unified(symbol);
    const regular = await this.call('read', `fetchOpenOrders ${symbol ?? 'all'}`, () => this.exchange.fetchOpenOrders(unified));
    const conditionalParams = this.quirks.conditionalQueryParam === undefined ? undefined : { [this.quirks.conditionalQueryParam]: true };
    const conditional = conditionalParams === undefined ? [] : await this.call('read', `fetchOpenOrders conditional ${symbol ?? 'all'}`, () => this.exchange.fetchOpenOrders(unified, undefined, undefined, conditionalParams));
    return [...regular, ...conditional].map((order) => venueOrderOf(order as never, this.domain(String(order.symbol))));
  }

  async fetchUserTrades(symbol: string, sinceMs?: number): Promise<VenueTrade[]> {
    const trades = await this.call('read', `fetchMyTrades ${symbol}`, () => this.exchange.fetchMyTrades(this.unified(symbol), sinceMs));
    return trades.map((trade) => venueTradeOf(trade as never, symbol));
  }

  async fetchFundingPayments(symbol: string, sinceMs?: number): Promise<VenueFundingPayment[]> {
    const entries = await this.call('read', `fetchFundingHistory ${symbol}`, () => this.exchange.fetchFundingHistory(this.unified(symbol), sinceMs, 1000));
    return entries
      .map((entry) => {
        const info = (entry.info ?? {}) as { income?: string };
        // The venue's income string, exact; ccxt's `amount` is a float.
        return { symbol, paymentId: String(entry.id), income: new Decimal(info.income ?? String(entry.amount)), timeMs: Number(entry.timestamp) };
      })
      .sort((a, b) => a.timeMs - b.timeMs);
  }

  async fetchOrdersSince(symbol: string, sinceMs: number, options: { readonly conditional?: boolean } = {}): Promise<VenueOrder[]> {
    const unified = this.unified(symbol);
    const since = Math.max(0, Math.floor(sinceMs));
    const conditional = options.conditional === true;
    if (conditional && this.quirks.conditionalQueryParam === undefined) return [];
    const params = conditional ? { [this.quirks.conditionalQueryParam as string]: true } : {};
    const orders = await this.call('read', `fetchOrders ${conditional ? 'conditional ' : ''}${symbol} since ${since}`, () => this.exchange.fetchOrders(unified, since, undefined, params), undefined, RequestPriority.ORDER);
    return orders.map((order) => venueOrderOf(order as never, symbol));
  }

  async fetchOrderByVenueId(query: VenueOrderIdQuery): Promise<VenueOrder | undefined> {
    const params = query.conditional === true && this.quirks.conditionalQueryParam !== undefined ? { [this.quirks.conditionalQueryParam]: true, ...this.quirks.orderLookupParams } : { ...this.quirks.orderLookupParams };
    try {
      const order = await this.call('read', `fetchOrder ${query.symbol} #${query.venueOrderId}`, () => this.exchange.fetchOrder(query.venueOrderId, this.unified(query.symbol), params), undefined, RequestPriority.ORDER);
      return venueOrderOf(order as never, query.symbol);
    } catch (error) {
      if (error instanceof OrderDeniedError && error.reason === OrderDenialReason.ORDER_NOT_FOUND) return undefined;
      throw error;
    }
  }

  watchCandles(symbol: string, timeframe: string, handlers: CandleStreamHandlers): Subscription {
    const unified = this.unified(symbol);
    const subscription = watchCandleStream({
      watch: async () => ((await this.exchange.watchOHLCV(unified, timeframe)) as number[][]).map((row) => candleOf(symbol, timeframe, row)),
      backfill: (sinceMs) => this.fetchCandles(symbol, timeframe, sinceMs),
      handlers,
      sleep: this.sleep,
      stop: () => closeWebSocketsCarrying(this.exchange, `ohlcv::${unified}::${timeframe}`),
    });
    return this.track(subscription);
  }

  watchOrders(symbols: ReadonlyArray<string>, handlers: OrderStreamHandlers): Subscription {
    const subscription = watchOrderStream({
      watch: async () => {
        const raw = (await this.exchange.watchOrders()) as Array<{ symbol: string; info?: Record<string, unknown> }>;
        const orders = raw.map((order) => venueOrderOf(order as never, this.domain(order.symbol)));
        const trades = orders.flatMap((order, index) => tradeOfOrderUpdate(order, raw[index]?.info) ?? []);
        return { orders, trades };
      },
      onFailure: () => forgetListenKey(this.exchange),
      backfill: async (sinceMs) => {
        // Per symbol: Binance weighs an all-symbol open-orders query 40×, and ccxt refuses it unasked.
        const orders = (await Promise.all(symbols.map((symbol) => this.fetchOpenOrders(symbol)))).flat();
        const trades = (await Promise.all(symbols.map((symbol) => this.fetchUserTrades(symbol, sinceMs)))).flat();
        return { orders, trades };
      },
      handlers,
      sleep: this.sleep,
    });
    return this.track(subscription);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await (this.exchange as unknown as { close?: () => Promise<void> }).close?.();
  }

  private track(subscription: Subscription): Subscription {
    this.subscriptions.add(subscription);
    return {
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  private orderParams(clientOrderId: string, conditional: boolean | undefined): Record<string, unknown> {
    const params: Record<string, unknown> = { [this.quirks.clientOrderIdQueryParam]: clientOrderId };
    if (conditional === true && this.quirks.conditionalQueryParam !== undefined) params[this.quirks.conditionalQueryParam] = true;
    return params;
  }

  /** Throws the local denial of a perpetual the venue lists but this gateway will not trade (see loadMarkets). */
  private denyIfRefused(symbol: string): void {
    const refused = this.refusedByDomain.get(symbol);
    if (refused !== undefined) throw new OrderDeniedError(`${this.venue}: ${refused}`, { reason: OrderDenialReason.INVALID_ORDER, local: true });
  }

  private unified(symbol: string): string {
    const unified = this.unifiedByDomain.get(symbol);
    this.denyIfRefused(symbol);
    if (unified === undefined) {
      throw new OrderDeniedError(`${this.venue}: no USDT-margined perpetual ${symbol} (load markets first)`, { reason: OrderDenialReason.INVALID_ORDER, local: true });
    }
    return unified;
  }

  private domain(unified: string): string {
    const market = (this.exchange.markets ?? {})[unified] as unknown as CcxtMarketLike | undefined;
    return market === undefined ? unified.replace(/[^A-Za-z0-9]/g, '').toUpperCase() : domainSymbol(market);
  }

  /** Rate limits, weight, ban and circuit-breaker state of the request gate. */
  requestStatus(): RequestGateStatus {
    return this.gate.status();
  }

  /** An IP ban still running from an earlier process: no request leaves until `untilMs` (case 27). */
  restoreIpBan(untilMs: number): void {
    this.gate.restoreBan(untilMs);
  }

  /** The runner has reconciled after the circuit breaker tripped: new entries may be sent again. */
  markReconciled(): void {
    this.gate.markReconciled();
  }

  /** Every request goes through here: the shared rate-limit gate, then one translation of failures. */
  private async call<T>(operation: ExchangeOperation, what: string, request: () => Promise<T>, clientOrderId?: string, priority: RequestPriority = defaultPriority(operation), clockResynced = false): Promise<T> {
    await this.gate.pass(this.venue, priority);
    try {
      const result = await request();
      this.gate.onResult(undefined, this.usedWeightHeader(), this.venue);
      return result;
    } catch (error) {
      const venueCodes = { orderNotFound: this.quirks.orderNotFoundCodes, duplicateClientOrderId: this.quirks.duplicateClientOrderIdCodes };
      const translated = translateCcxtError(error, { venue: this.venue, operation, what, clientOrderId, retryAfterSeconds: this.retryAfterSeconds(error), secrets: this.secrets, venueCodes });
      this.gate.onResult(translated, this.usedWeightHeader(), this.venue);
      // -1021: refused unprocessed, so re-measure the offset and ask once more (submits follow submitOrder's own rule).
      if (!clockResynced && operation !== 'submit' && translated instanceof RetryableExchangeError && translated.clockSkew) {
        await this.syncClock();
        return this.call(operation, what, request, clientOrderId, priority, true);
      }
      throw translated;
    }
  }

  /** Binance's X-MBX-USED-WEIGHT-1M of the last response, when ccxt kept the headers. */
  private usedWeightHeader(): number | undefined {
    const headers = (this.exchange as unknown as { last_response_headers?: Record<string, string> }).last_response_headers ?? {};
    const value = Object.entries(headers).find(([key]) => key.toLowerCase() === 'x-mbx-used-weight-1m')?.[1];
    return value === undefined || !Number.isFinite(Number(value)) ? undefined : Number(value);
  }

  private async callAllowingAlreadySet(what: string, request: () => Promise<unknown>): Promise<void> {
    try {
      await this.call('setup', what, request);
    } catch (error) {
      if (error instanceof ExchangeError && error.venueCode !== undefined && this.quirks.marginModeAlreadySetCodes.includes(error.venueCode)) return;
      if (error instanceof ExchangeError && (error.cause as Error | undefined)?.name === 'MarginModeAlreadySet') return;
      throw error;
    }
  }

  private retryAfterSeconds(error: unknown): number | undefined {
    const headers = (this.exchange as unknown as { last_response_headers?: Record<string, string> }).last_response_headers ?? {};
    const header = Object.entries(headers).find(([key]) => key.toLowerCase() === 'retry-after')?.[1];
    if (header !== undefined && Number.isFinite(Number(header))) return Number(header);
    // "IP banned until 1700000120000." in a 418 body.
    const until = /banned until (\d{12,})/.exec(error instanceof Error ? error.message : '');
    return until === null ? undefined : Math.max(0, (Number(until[1]) - this.nowMs()) / 1000);
  }
}

/**
 * ccxt schedules background work (Binance's listenKey keep-alive, every 20 min) with a bare setTimeout
 * it never clears: after `close()` it would keep a stopped process alive for up to 20 minutes. The
 * same work on an unref'd timer runs while the process runs and never holds it open.
 */
function keepNoProcessAlive(exchange: Exchange): void {
  const client = exchange as unknown as { delay?: unknown; spawn: (method: unknown, ...args: unknown[]) => unknown };
  if (typeof client.delay !== 'function') return;
  client.delay = (timeoutMs: number, method: unknown, ...args: unknown[]): void => {
    setTimeout(() => client.spawn(method, ...args), timeoutMs).unref();
  };
}

function defaultPriority(operation: ExchangeOperation): RequestPriority {
  if (operation === 'cancel') return RequestPriority.ESSENTIAL;
  if (operation === 'submit') return RequestPriority.ENTRY;
  return operation === 'read' ? RequestPriority.POLL : RequestPriority.ORDER;
}

function candleOf(symbol: string, timeframe: string, row: number[]): VenueCandle {
  return { symbol, timeframe, openTimeMs: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5] ?? 0 };
}
