/** A tradable perpetual on the simulated venue, in Binance's own terms (`BTCUSDT`). */
export interface VenueSimSymbol {
  symbol: string;
  base: string;
  quote: string;
  price: number;
  lotStep: number;
  tickSize: number;
  minQty: number;
  minNotional: number;
  maxLeverage?: number;
}

/**
 * The API-key permissions the venue reports at `GET /sapi/v1/account/apiRestrictions` (Binance's
 * field names). The default is a well-set trading key: reading and futures on, withdrawals and
 * transfers off, restricted to trusted IPs.
 */
export interface SimApiRestrictions {
  ipRestrict: boolean;
  /** Epoch ms the key was created. */
  createTime: number;
  enableReading: boolean;
  enableFutures: boolean;
  enableWithdrawals: boolean;
  enableInternalTransfer: boolean;
  permitsUniversalTransfer: boolean;
  enableVanillaOptions: boolean;
  enableMargin: boolean;
  enableSpotAndMarginTrading: boolean;
  /** Epoch ms the spot and margin trading permission lapses; Binance sends it only when one is set. */
  tradingAuthorityExpirationTime?: number;
}

export type SimOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';
export type SimOrderType = 'MARKET' | 'LIMIT' | 'STOP_MARKET' | 'TAKE_PROFIT_MARKET';

export interface SimOrder {
  orderId: number;
  clientOrderId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: SimOrderType;
  /** The type the order was placed as (a triggered STOP_MARKET becomes a MARKET order). */
  origType?: SimOrderType;
  status: SimOrderStatus;
  /** Limit price (0 for market and stop-market orders). */
  price: number;
  /** Trigger price of STOP_MARKET / TAKE_PROFIT_MARKET (0 otherwise). */
  stopPrice: number;
  origQty: number;
  executedQty: number;
  avgPrice: number;
  reduceOnly: boolean;
  closePosition: boolean;
  timeInForce: 'GTC' | 'IOC' | 'FOK' | 'GTX';
  /** Conditional orders live in Binance's algo service (`/fapi/v1/algoOrder`); `orderId` is then the algoId. */
  isAlgo: boolean;
  /** For a triggered algo order: the orderId of the market order it became. */
  actualOrderId?: number;
  timeMs: number;
  updateTimeMs: number;
  /** GET order answers -2013 before this time (the injected "false not found" lag). */
  visibleFromMs: number;
}

export interface SimTrade {
  id: number;
  orderId: number;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: number;
  qty: number;
  quoteQty: number;
  commission: number;
  realizedPnl: number;
  maker: boolean;
  timeMs: number;
}

export interface SimPosition {
  symbol: string;
  /** Signed: positive long, negative short (one-way mode). */
  positionAmt: number;
  entryPrice: number;
  isolatedMargin: number;
  leverage: number;
  marginType: 'ISOLATED' | 'CROSSED';
  markPrice: number;
  unrealizedProfit: number;
}

/** One entry of the account's income history (Binance `/fapi/v1/income`); only funding fees here. */
export interface SimIncome {
  readonly tranId: number;
  readonly symbol: string;
  readonly incomeType: 'FUNDING_FEE';
  /** Quote asset, negative when the account paid. */
  readonly income: number;
  readonly timeMs: number;
}

export interface SimCandle {
  openTimeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  closed: boolean;
}

export type VenueFault =
  | { kind: 'latency'; ms: number; path?: string; count?: number }
  | { kind: 'http5xxAfterAccept'; status?: 503; path?: string; count?: number }
  /** The venue fails before acting (an overloaded gateway): any request unless `path` narrows it. */
  | { kind: 'http5xx'; status?: 500 | 502 | 503 | 504; path?: string; count?: number }
  | { kind: 'timeoutAfterAccept'; path?: string; count?: number }
  | { kind: 'timeout'; path?: string; count?: number }
  | { kind: 'rateLimit'; status: 429 | 418; retryAfterSeconds: number; path?: string; count?: number }
  | { kind: 'binanceError'; code: number; msg?: string; httpStatus?: number; path?: string; count?: number }
  /**
   * The next order placed is "not found" (-2013) by `GET /fapi/v1/order` and `/algoOrder` for `ms`,
   * while `allOrders`, `allAlgoOrders`, `userTrades` and the user stream already show it (Binance's lag).
   */
  | { kind: 'orderNotFoundFor'; ms: number }
  | { kind: 'partialFill'; fraction: number; thenCancel?: boolean }
  | { kind: 'clockSkewMs'; ms: number }
  /**
   * The user-stream events an order request causes (its NEW, its fills, the account update) are sent
   * in reverse: the fill arrives before the NEW, as events racing over separate paths may.
   */
  | { kind: 'userEventsReversed'; path?: string; count?: number }
  /** Every websocket open now stops answering pings; data still flows (a half-dead connection). */
  | { kind: 'stopPongs' }
  /** Market-stream sockets open now go silent: no data, no pongs, no replies, yet the socket stays open. */
  | { kind: 'silentFeed' }
  /**
   * The next diff-depth event (of `symbol`, or of any symbol) skips update ids, so its pu is not the
   * previous u: an event was lost. `missed` is the change that event carried, applied to the venue's
   * book but never sent, so only a new REST snapshot can bring it.
   */
  | { kind: 'depthGap'; symbol?: string; skippedUpdates?: number; missed?: { bids?: Array<[number, number]>; asks?: Array<[number, number]> } };

/** Faults about websocket connections, applied by the server to the sockets open at injection time. */
export type StreamFault = Extract<VenueFault, { kind: 'stopPongs' } | { kind: 'silentFeed' }>;

/** A fault in the numbering of the diff-depth stream, taken by the next depth event. */
export type DepthGapFault = Extract<VenueFault, { kind: 'depthGap' }>;

/** A Binance-style rejection: `{"code": -2019, "msg": "Margin is insufficient."}` with its HTTP status. */
export class VenueRejection extends Error {
  constructor(
    readonly code: number,
    readonly binanceMessage: string,
    readonly httpStatus = 400,
  ) {
    super(`${code} ${binanceMessage}`);
  }
}
