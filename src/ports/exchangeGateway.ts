import type { Decimal } from 'decimal.js';
import type { MarketFilters } from '../domain/order/marketFilters.ts';
import type { OrderRequest, VenueOrder, VenueTrade } from '../domain/order/venueOrder.ts';

/** A closed or forming bar from the venue. */
export interface VenueCandle {
  readonly symbol: string;
  readonly timeframe: string;
  readonly openTimeMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface MarkPriceSnapshot {
  readonly symbol: string;
  readonly markPrice: Decimal;
  readonly indexPrice: Decimal | undefined;
  /** Rate of the current funding interval (0.0001 = 1 bp). */
  readonly fundingRate: Decimal | undefined;
  readonly nextFundingTimeMs: number | undefined;
  readonly timeMs: number | undefined;
}

/** The best bid and ask of a symbol as the venue quotes them (Binance `bookTicker`). */
export interface BookTicker {
  readonly symbol: string;
  readonly bidPrice: Decimal;
  readonly bidQuantity: Decimal;
  readonly askPrice: Decimal;
  readonly askQuantity: Decimal;
  /** Venue time of the quote, epoch ms; undefined when the venue does not report one. */
  readonly timeMs: number | undefined;
}

export interface VenueBalance {
  readonly asset: string;
  readonly free: Decimal;
  readonly used: Decimal;
  /** The margin balance: wallet balance plus the unrealized PnL of open positions (Binance USDⓈ-M `marginBalance`, ccxt's `total`). */
  readonly total: Decimal;
}

export interface VenuePosition {
  readonly symbol: string;
  /** Signed base quantity: positive long, negative short, zero flat. */
  readonly quantity: Decimal;
  readonly entryPrice: Decimal | undefined;
  readonly marginMode: 'isolated' | 'cross' | undefined;
  readonly leverage: number | undefined;
  readonly unrealizedPnl: Decimal | undefined;
  readonly liquidationPrice: Decimal | undefined;
}

/** A funding fee the venue booked on a position (Binance income FUNDING_FEE). */
export interface VenueFundingPayment {
  readonly symbol: string;
  /** The venue's id of the entry (Binance `tranId`). */
  readonly paymentId: string;
  /** Quote asset, as the venue books income: negative when the account paid. */
  readonly income: Decimal;
  readonly timeMs: number;
}

export interface AccountSettings {
  /** Binance `dualSidePosition`: Rampart needs ONE_WAY. */
  readonly positionMode: 'ONE_WAY' | 'HEDGE' | 'UNKNOWN';
}

/** Key restrictions as the venue reports them; undefined fields were not reported. */
export interface ApiRestrictions {
  readonly futuresTradingEnabled: boolean | undefined;
  readonly withdrawalsEnabled: boolean | undefined;
  readonly universalTransferEnabled: boolean | undefined;
  readonly ipRestricted: boolean | undefined;
}

export interface ClockSync {
  /** Venue time minus local time, ms (positive: the venue is ahead). */
  readonly offsetMs: number;
  readonly roundTripMs: number;
}

export type PlaceOrderOutcome =
  | { readonly status: 'PLACED'; readonly order: VenueOrder; readonly via: 'ACCEPTED' | 'FOUND_AFTER_UNKNOWN' | 'DUPLICATE' }
  | { readonly status: 'UNKNOWN'; readonly clientOrderId: string; readonly lookups: number; readonly cause: Error };

export interface OrderQuery {
  readonly symbol: string;
  readonly clientOrderId: string;
  /** STOP_MARKET / TAKE_PROFIT_MARKET live in the venue's conditional (algo) order book. */
  readonly conditional?: boolean;
}

export interface VenueOrderIdQuery {
  readonly symbol: string;
  readonly venueOrderId: string;
  readonly conditional?: boolean;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface CandleStreamHandlers {
  onCandle(candle: VenueCandle, closed: boolean): void;
  /** The stream broke; it reconnects by itself and back-fills missed bars over REST. */
  onDisconnect?(error: Error): void;
}

export interface OrderStreamHandlers {
  onOrder(order: VenueOrder): void;
  /** Fills found by the REST back-fill after a reconnect (dedupe by symbol + tradeId). */
  onTrade?(trade: VenueTrade): void;
  onDisconnect?(error: Error): void;
}

/**
 * Market data, execution and reconciliation queries of one venue account. Failures are the classes
 * of domain/errors/exchangeErrors.ts; quantities and prices are exact decimals.
 */
export interface ExchangeGateway {
  readonly venue: string;
  /** Loads markets (filters) and measures the clock offset; refuses an offset beyond the bound. */
  connect(): Promise<void>;
  syncClock(): Promise<ClockSync>;
  /** Cached filters of a symbol (after connect). */
  marketFilters(symbol: string): MarketFilters;
  fetchCandles(symbol: string, timeframe: string, sinceMs?: number, limit?: number): Promise<VenueCandle[]>;
  fetchMarkPrice(symbol: string): Promise<MarkPriceSnapshot>;
  /** Best bid and ask now; a failed or empty answer throws (an unknown spread is never read as zero). */
  fetchBookTicker(symbol: string): Promise<BookTicker>;
  /**
   * The price market orders of `symbol` are pre-checked against locally (minimum notional) before any
   * request: the caller's latest mark, given each bar. Without one the pre-check of a market order's
   * notional is left to the venue.
   */
  setReferencePrice(symbol: string, price: Decimal): void;
  fetchBalances(): Promise<VenueBalance[]>;
  /** Open positions; a failed query throws (it never reads as flat). */
  fetchPositions(symbols?: ReadonlyArray<string>): Promise<VenuePosition[]>;
  fetchAccountSettings(): Promise<AccountSettings>;
  /** undefined when the venue does not report key restrictions; a venue that does but fails to answer throws. */
  fetchApiRestrictions(): Promise<ApiRestrictions | undefined>;
  setLeverage(symbol: string, leverage: number): Promise<void>;
  /** Sets isolated margin; "already isolated" counts as success. */
  setIsolatedMargin(symbol: string): Promise<void>;
  /** Rounds to the grid, pre-checks the filters (OrderDeniedError, no request), then submits idempotently. */
  placeOrder(request: OrderRequest): Promise<PlaceOrderOutcome>;
  /** The order after the cancel; undefined when the venue does not know it. */
  cancelOrder(query: OrderQuery): Promise<VenueOrder | undefined>;
  fetchOrderByClientId(query: OrderQuery): Promise<VenueOrder | undefined>;
  /** Regular and conditional open orders. */
  fetchOpenOrders(symbol?: string): Promise<VenueOrder[]>;
  fetchUserTrades(symbol: string, sinceMs?: number): Promise<VenueTrade[]>;
  /** Funding fees booked on `symbol` from `sinceMs` on, oldest first (up to 1000); a failed query throws (never reads as none). */
  fetchFundingPayments(symbol: string, sinceMs?: number): Promise<VenueFundingPayment[]>;
  /**
   * The venue's own record: the account's orders of `symbol` in one book (regular, or conditional when
   * asked; any status) placed at or after `sinceMs` (Binance `allOrders` / `allAlgoOrders` with
   * startTime). It lists an order while a look-up by client order id may still answer "does not
   * exist"; a failed query throws. A venue without a conditional book answers [] for it.
   */
  fetchOrdersSince(symbol: string, sinceMs: number, options?: { readonly conditional?: boolean }): Promise<VenueOrder[]>;
  /** One order by the venue's order id (the id a trade carries); undefined when the venue does not know it. */
  fetchOrderByVenueId(query: VenueOrderIdQuery): Promise<VenueOrder | undefined>;
  watchCandles(symbol: string, timeframe: string, handlers: CandleStreamHandlers): Subscription;
  watchOrders(symbols: ReadonlyArray<string>, handlers: OrderStreamHandlers): Subscription;
  /**
   * Dead-man switch (case 35): unless called again within `countdownMs`, the venue cancels the symbol's
   * open regular orders (working entries; conditional protective stops stay). 0 disarms it. Resolves
   * false when the venue has no such switch (nothing was sent).
   */
  armCancelAllCountdown(symbol: string, countdownMs: number): Promise<boolean>;
  /** The caller has completed a reconciliation; a gateway that held new entries after a failure storm releases them. */
  markReconciled?(): void;
  close(): Promise<void>;
}
