import { Decimal } from 'decimal.js';
import type { MarketFilters } from '../../../domain/order/marketFilters.ts';
import { VenueOrderStatus, VenueOrderType, type OrderSide, type VenueOrder, type VenueTrade } from '../../../domain/order/venueOrder.ts';
import type { VenuePosition } from '../../../ports/exchangeGateway.ts';

/** The parts of a ccxt market this adapter reads. */
export interface CcxtMarketLike {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  settle?: string;
  swap?: boolean;
  linear?: boolean;
  /** Base units per contract; ccxt amounts are in contracts. */
  contractSize?: number;
  precision?: { amount?: number; price?: number };
  limits?: { amount?: { min?: number; max?: number }; cost?: { min?: number } };
  info?: { filters?: Array<Record<string, string>> };
}

/** Exact decimal from a venue value; ccxt numbers come from the venue's strings, so String() restores them. */
export function toDecimal(value: unknown): Decimal | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    const decimal = new Decimal(typeof value === 'number' ? String(value) : (value as string));
    return decimal.isFinite() ? decimal : undefined;
  } catch {
    return undefined;
  }
}

/** Domain symbol (BTCUSDT) of a ccxt market. */
export function domainSymbol(market: Pick<CcxtMarketLike, 'base' | 'quote'>): string {
  return `${market.base}${market.quote}`.toUpperCase();
}

/** Filters from Binance's raw exchangeInfo strings when present (exact), else from ccxt's unified fields. */
export function marketFiltersOf(market: CcxtMarketLike): MarketFilters {
  const filters = market.info?.filters ?? [];
  const byType = (type: string): Record<string, string> | undefined => filters.find((filter) => filter.filterType === type);
  const lot = byType('LOT_SIZE');
  const price = byType('PRICE_FILTER');
  const notional = byType('MIN_NOTIONAL');
  const lotStep = toDecimal(lot?.stepSize) ?? toDecimal(market.precision?.amount);
  const tickSize = toDecimal(price?.tickSize) ?? toDecimal(market.precision?.price);
  if (lotStep === undefined || tickSize === undefined || lotStep.lte(0) || tickSize.lte(0)) {
    throw new RangeError(`${market.symbol}: the venue reports no lot step or tick size`);
  }
  return {
    symbol: domainSymbol(market),
    baseAsset: market.base,
    quoteAsset: market.quote,
    lotStep,
    tickSize,
    minQuantity: toDecimal(lot?.minQty) ?? toDecimal(market.limits?.amount?.min) ?? lotStep,
    maxQuantity: toDecimal(lot?.maxQty) ?? toDecimal(market.limits?.amount?.max),
    minNotional: toDecimal(notional?.notional) ?? toDecimal(market.limits?.cost?.min) ?? new Decimal(0),
  };
}

interface CcxtOrderLike {
  id?: string;
  clientOrderId?: string;
  status?: string;
  type?: string;
  side?: string;
  amount?: number;
  filled?: number;
  average?: number;
  price?: number;
  triggerPrice?: number;
  stopPrice?: number;
  reduceOnly?: boolean;
  lastUpdateTimestamp?: number;
  timestamp?: number;
  info?: Record<string, unknown>;
}

const RAW_STATUSES = new Set<string>(Object.values(VenueOrderStatus));
const UNIFIED_STATUS: Record<string, VenueOrderStatus> = { closed: 'FILLED', canceled: 'CANCELED', expired: 'EXPIRED', rejected: 'REJECTED' };

export function venueOrderOf(order: CcxtOrderLike, symbol: string): VenueOrder {
  const info = order.info ?? {};
  const quantity = toDecimal(info.origQty ?? info.quantity) ?? toDecimal(order.amount) ?? new Decimal(0);
  const executedQuantity = toDecimal(info.executedQty) ?? toDecimal(order.filled) ?? new Decimal(0);
  const rawStatus = String(info.status ?? info.algoStatus ?? '').toUpperCase();
  let status: VenueOrderStatus;
  if (RAW_STATUSES.has(rawStatus)) status = rawStatus as VenueOrderStatus;
  else if (order.status === 'open') status = executedQuantity.gt(0) ? 'PARTIALLY_FILLED' : 'NEW';
  else status = UNIFIED_STATUS[order.status ?? ''] ?? 'UNKNOWN';
  const rawType = String(info.origType ?? info.orderType ?? info.type ?? order.type ?? '').toUpperCase();
  const type = (Object.values(VenueOrderType) as string[]).includes(rawType) ? (rawType as VenueOrderType) : 'OTHER';
  const averagePrice = toDecimal(info.avgPrice ?? order.average);
  const price = toDecimal(info.price ?? order.price);
  const stopPrice = toDecimal(info.stopPrice ?? info.triggerPrice ?? order.triggerPrice ?? order.stopPrice);
  return {
    venueOrderId: String(order.id ?? info.orderId ?? info.algoId ?? ''),
    clientOrderId: order.clientOrderId ?? (info.clientOrderId as string | undefined) ?? (info.clientAlgoId as string | undefined),
    symbol,
    side: String(order.side ?? info.side ?? '').toUpperCase() === 'SELL' ? 'SELL' : 'BUY',
    type,
    status,
    quantity,
    executedQuantity,
    averagePrice: averagePrice?.gt(0) ? averagePrice : undefined,
    price: price?.gt(0) ? price : undefined,
    stopPrice: stopPrice?.gt(0) ? stopPrice : undefined,
    reduceOnly: order.reduceOnly === true || info.reduceOnly === true || info.reduceOnly === 'true',
    updateTimeMs: order.lastUpdateTimestamp ?? order.timestamp ?? undefined,
  };
}

interface CcxtTradeLike {
  id?: string;
  order?: string;
  side?: string;
  amount?: number;
  price?: number;
  timestamp?: number;
  fee?: { cost?: number; currency?: string };
  info?: Record<string, unknown>;
}

export function venueTradeOf(trade: CcxtTradeLike, symbol: string): VenueTrade {
  const info = trade.info ?? {};
  return {
    tradeId: String(trade.id ?? info.id ?? ''),
    venueOrderId: String(trade.order ?? info.orderId ?? ''),
    clientOrderId: info.clientOrderId as string | undefined,
    symbol,
    side: String(trade.side ?? info.side ?? '').toUpperCase() === 'SELL' ? 'SELL' : ('BUY' as OrderSide),
    quantity: toDecimal(info.qty) ?? toDecimal(trade.amount) ?? new Decimal(0),
    price: toDecimal(info.price) ?? toDecimal(trade.price) ?? new Decimal(0),
    fee: toDecimal(info.commission) ?? toDecimal(trade.fee?.cost) ?? new Decimal(0),
    feeCurrency: (info.commissionAsset as string | undefined) ?? trade.fee?.currency,
    timeMs: trade.timestamp ?? Number(info.time ?? 0),
  };
}

interface CcxtPositionLike {
  contracts?: number;
  contractSize?: number;
  side?: string;
  entryPrice?: number;
  marginMode?: string;
  leverage?: number;
  unrealizedPnl?: number;
  liquidationPrice?: number;
  info?: Record<string, unknown>;
}

export function venuePositionOf(position: CcxtPositionLike, symbol: string): VenuePosition {
  const info = position.info ?? {};
  // Binance's positionAmt is signed and exact; ccxt's contracts are unsigned with a side.
  const signedRaw = toDecimal(info.positionAmt);
  const contracts = (toDecimal(position.contracts) ?? new Decimal(0)).mul(toDecimal(position.contractSize) ?? 1);
  const quantity = signedRaw ?? (position.side === 'short' ? contracts.neg() : contracts);
  const marginMode = position.marginMode === 'isolated' || position.marginMode === 'cross' ? position.marginMode : undefined;
  const liquidationPrice = toDecimal(position.liquidationPrice);
  return {
    symbol,
    quantity,
    entryPrice: toDecimal(position.entryPrice),
    marginMode,
    leverage: position.leverage,
    unrealizedPnl: toDecimal(position.unrealizedPnl),
    liquidationPrice: liquidationPrice?.gt(0) ? liquidationPrice : undefined,
  };
}
