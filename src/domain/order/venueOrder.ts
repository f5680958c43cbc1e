import type { Decimal } from 'decimal.js';

export const OrderSide = { BUY: 'BUY', SELL: 'SELL' } as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

/** The order types sent to a venue; the two *_MARKET triggers are reduce-only protective orders. */
export const VenueOrderType = { MARKET: 'MARKET', LIMIT: 'LIMIT', STOP_MARKET: 'STOP_MARKET', TAKE_PROFIT_MARKET: 'TAKE_PROFIT_MARKET' } as const;
export type VenueOrderType = (typeof VenueOrderType)[keyof typeof VenueOrderType];

/** Binance's seven order statuses plus UNKNOWN: sent, outcome not yet established (the caller fails closed). */
export const VenueOrderStatus = {
  NEW: 'NEW',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
  CANCELED: 'CANCELED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  EXPIRED_IN_MATCH: 'EXPIRED_IN_MATCH',
  UNKNOWN: 'UNKNOWN',
} as const;
export type VenueOrderStatus = (typeof VenueOrderStatus)[keyof typeof VenueOrderStatus];

const TERMINAL: ReadonlySet<VenueOrderStatus> = new Set([VenueOrderStatus.FILLED, VenueOrderStatus.CANCELED, VenueOrderStatus.REJECTED, VenueOrderStatus.EXPIRED, VenueOrderStatus.EXPIRED_IN_MATCH]);

export function isTerminalStatus(status: VenueOrderStatus): boolean {
  return TERMINAL.has(status);
}

/** An order as the caller asks for it; the gateway rounds it to the market's grid before sending. */
export interface OrderRequest {
  /** Exchange symbol without separators, e.g. BTCUSDT. */
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: VenueOrderType;
  /** Base-asset quantity; floored to the lot step, never enlarged. */
  readonly quantity: Decimal;
  /** Limit price (LIMIT only). */
  readonly price?: Decimal;
  /** Trigger price (STOP_MARKET / TAKE_PROFIT_MARKET). */
  readonly stopPrice?: Decimal;
  readonly reduceOnly: boolean;
  /** Deterministic per intent (see clientOrderId.ts): the idempotency key at the venue. */
  readonly clientOrderId: string;
}

/** An order as the venue reports it. */
export interface VenueOrder {
  readonly venueOrderId: string;
  readonly clientOrderId: string | undefined;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: VenueOrderType | 'OTHER';
  readonly status: VenueOrderStatus;
  readonly quantity: Decimal;
  readonly executedQuantity: Decimal;
  readonly averagePrice: Decimal | undefined;
  readonly price: Decimal | undefined;
  readonly stopPrice: Decimal | undefined;
  readonly reduceOnly: boolean;
  /** Last update time at the venue, epoch ms. */
  readonly updateTimeMs: number | undefined;
}

/** One execution (fill) as the venue reports it; `tradeId` + symbol is the dedupe key. */
export interface VenueTrade {
  readonly tradeId: string;
  readonly venueOrderId: string;
  readonly clientOrderId: string | undefined;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly fee: Decimal;
  readonly feeCurrency: string | undefined;
  readonly timeMs: number;
}
