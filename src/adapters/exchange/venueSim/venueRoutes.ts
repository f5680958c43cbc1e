import type { FaultQueue } from './faultQueue.ts';
import { isOpen, type PlaceOrderRequest, type VenueBook } from './venueBook.ts';
import { bookTickerJson } from './venueBookTicker.ts';
import { depthSnapshotJson, type VenueDepth } from './venueDepth.ts';
import {
  accountJson,
  algoOrderJson,
  decimalString,
  exchangeInfoJson,
  klineArray,
  orderJson,
  positionRiskJson,
  tradeJson,
} from './venueJson.ts';
import { VenueRejection, type SimApiRestrictions, type SimCandle, type SimOrder } from './venueSimTypes.ts';

export interface RouteContext {
  book: VenueBook;
  faults: FaultQueue;
  candles: Map<string, SimCandle[]>;
  serverTimeMs: () => number;
  listenKeys: ListenKeys;
  countdowns: Map<string, NodeJS.Timeout>;
  /** The order book of a symbol (created on first use). */
  depthOf: (symbol: string) => VenueDepth;
  nextClientOrderId: () => string;
  /** The permissions of the account's API key, as `/sapi/v1/account/apiRestrictions` reports them. */
  apiRestrictions: () => SimApiRestrictions;
  /** Best ask minus best bid the symbol is quoted at, price units (0 unless set). */
  spreadOf: (symbol: string) => number;
  /** Update id of the latest book-ticker quote (it grows with every price or spread change). */
  bookTickerUpdateId: () => number;
}

export interface ListenKeys {
  active: string | undefined;
  create(): string;
  keepAlive(key: string | undefined): boolean;
  remove(key: string | undefined): void;
}

export type Params = Record<string, string>;
type Handler = (params: Params, ctx: RouteContext) => unknown;

const FUNDING_INTERVAL_MS = 8 * 3_600_000;
const FUNDING_RATE = '0.00010000';

/** Public endpoints: no key, no signature. */
export const publicRoutes: Record<string, Handler> = {
  'GET /fapi/v1/ping': () => ({}),
  'GET /fapi/v1/time': (_p, ctx) => ({ serverTime: ctx.serverTimeMs() }),
  'GET /fapi/v1/exchangeInfo': (_p, ctx) => exchangeInfoJson(ctx.book.symbols.values(), ctx.serverTimeMs()),
  'GET /fapi/v1/klines': (p, ctx) => klines(p, ctx),
  'GET /fapi/v1/depth': (p, ctx) => depthSnapshotJson(ctx.depthOf(symbolOf(p, ctx)), p.limit, ctx.serverTimeMs()),
  'GET /fapi/v1/markPriceKlines': (p, ctx) => klines(p, ctx),
  'GET /fapi/v1/premiumIndex': (p, ctx) => perSymbol(p, ctx, (symbol) => premiumIndex(symbol, ctx)),
  'GET /fapi/v1/fundingRate': (p, ctx) => fundingHistory(p, ctx),
  'GET /fapi/v1/ticker/bookTicker': (p, ctx) =>
    perSymbol(p, ctx, (symbol) => bookTickerJson(symbol, ctx.book.prices.get(symbol) ?? 0, ctx.spreadOf(symbol), ctx.serverTimeMs(), ctx.bookTickerUpdateId())),
  'GET /fapi/v1/ticker/price': (p, ctx) =>
    perSymbol(p, ctx, (symbol) => ({ symbol, price: decimalString(ctx.book.prices.get(symbol) ?? 0), time: ctx.serverTimeMs() })),
  'GET /fapi/v2/ticker/price': (p, ctx) =>
    perSymbol(p, ctx, (symbol) => ({ symbol, price: decimalString(ctx.book.prices.get(symbol) ?? 0), time: ctx.serverTimeMs() })),
  'GET /fapi/v1/ticker/24hr': (p, ctx) =>
    perSymbol(p, ctx, (symbol) => {
      const price = decimalString(ctx.book.prices.get(symbol) ?? 0);
      const now = ctx.serverTimeMs();
      return {
        symbol, priceChange: '0', priceChangePercent: '0', weightedAvgPrice: price, lastPrice: price, lastQty: '0',
        openPrice: price, highPrice: price, lowPrice: price, volume: '0', quoteVolume: '0',
        openTime: now - 86_400_000, closeTime: now, firstId: 0, lastId: 0, count: 0,
      };
    }),
};

/** Listen-key endpoints: API key header only, no signature (as on Binance). */
export const listenKeyRoutes: Record<string, Handler> = {
  'POST /fapi/v1/listenKey': (_p, ctx) => ({ listenKey: ctx.listenKeys.active ?? ctx.listenKeys.create() }),
  'PUT /fapi/v1/listenKey': (p, ctx) => {
    if (!ctx.listenKeys.keepAlive(p.listenKey ?? ctx.listenKeys.active)) throw new VenueRejection(-1125, 'This listenKey does not exist.');
    return { listenKey: ctx.listenKeys.active };
  },
  'DELETE /fapi/v1/listenKey': (p, ctx) => {
    ctx.listenKeys.remove(p.listenKey ?? ctx.listenKeys.active);
    return {};
  },
};

/** Signed endpoints (HMAC checked before the handler runs). */
export const signedRoutes: Record<string, Handler> = {
  // A SAPI (wallet) endpoint on Binance's spot host, served here on the same origin as /fapi.
  'GET /sapi/v1/account/apiRestrictions': (_p, ctx) => ({ ...ctx.apiRestrictions() }),
  'GET /fapi/v2/account': (_p, ctx) => accountJson(ctx.book, 2, ctx.serverTimeMs()),
  'GET /fapi/v3/account': (_p, ctx) => accountJson(ctx.book, 3, ctx.serverTimeMs()),
  'GET /fapi/v2/balance': (_p, ctx) => balance(ctx),
  'GET /fapi/v3/balance': (_p, ctx) => balance(ctx),
  'GET /fapi/v2/positionRisk': (p, ctx) => positionRisk(p, ctx, 2),
  'GET /fapi/v3/positionRisk': (p, ctx) => positionRisk(p, ctx, 3),
  'POST /fapi/v1/order': (p, ctx) => {
    const type = p.type ?? '';
    if (type === 'STOP_MARKET' || type === 'TAKE_PROFIT_MARKET' || type === 'STOP' || type === 'TAKE_PROFIT') {
      // Since Dec 2025 Binance serves conditional orders only through the algo service.
      throw new VenueRejection(-4120, 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.');
    }
    if (type !== 'MARKET' && type !== 'LIMIT') throw new VenueRejection(-1116, 'Invalid orderType.');
    return orderJson(place(p, ctx, type, p.newClientOrderId ?? ctx.nextClientOrderId(), false));
  },
  'GET /fapi/v1/order': (p, ctx) => {
    const order = ctx.book.findOrder(symbolOf(p, ctx), p.orderId, p.origClientOrderId, false);
    if (order === undefined || ctx.serverTimeMs() < order.visibleFromMs) throw new VenueRejection(-2013, 'Order does not exist.');
    return orderJson(order);
  },
  'DELETE /fapi/v1/order': (p, ctx) => {
    const order = ctx.book.findOrder(symbolOf(p, ctx), p.orderId, p.origClientOrderId, false);
    if (order === undefined) throw new VenueRejection(-2011, 'Unknown order sent.');
    return orderJson(ctx.book.cancelOrder(order));
  },
  'DELETE /fapi/v1/allOpenOrders': (p, ctx) => {
    ctx.book.cancelAllOpen(symbolOf(p, ctx), false);
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  },
  'GET /fapi/v1/openOrder': (p, ctx) => {
    const order = ctx.book.findOrder(symbolOf(p, ctx), p.orderId, p.origClientOrderId, false);
    if (order === undefined || !isOpen(order)) throw new VenueRejection(-2013, 'Order does not exist.');
    return orderJson(order);
  },
  'GET /fapi/v1/openOrders': (p, ctx) => ordersOf(p, ctx, false, true).map(orderJson),
  'GET /fapi/v1/allOrders': (p, ctx) => limited(ordersOf(p, ctx, false, false), p, (o) => o.timeMs).map(orderJson),
  // The account's income history; only funding fees are kept (FUNDING_FEE), newest last.
  'GET /fapi/v1/income': (p, ctx) => {
    const from = p.startTime === undefined ? Number.NEGATIVE_INFINITY : Number(p.startTime);
    const to = p.endTime === undefined ? Number.POSITIVE_INFINITY : Number(p.endTime);
    const limit = Math.min(1000, Math.max(1, Number(p.limit ?? 100)));
    return ctx.book.income
      .filter((entry) => (p.incomeType === undefined || entry.incomeType === p.incomeType) && (p.symbol === undefined || entry.symbol === p.symbol) && entry.timeMs >= from && entry.timeMs <= to)
      .slice(0, limit)
      .map((entry) => ({ symbol: entry.symbol, incomeType: entry.incomeType, income: entry.income.toFixed(8), asset: 'USDT', info: entry.incomeType, time: entry.timeMs, tranId: entry.tranId, tradeId: '' }));
  },
  'GET /fapi/v1/userTrades': (p, ctx) => {
    const symbol = symbolOf(p, ctx);
    const fromId = p.fromId === undefined ? undefined : Number(p.fromId);
    const trades = ctx.book.trades.filter(
      (t) =>
        t.symbol === symbol &&
        (p.orderId === undefined || String(t.orderId) === p.orderId) &&
        (fromId === undefined || t.id >= fromId),
    );
    return limited(trades, p, (t) => t.timeMs).map(tradeJson);
  },
  'POST /fapi/v1/algoOrder': (p, ctx) => {
    if (p.algoType !== 'CONDITIONAL') throw new VenueRejection(-1116, 'Invalid algoType.');
    const type = p.type ?? '';
    if (type !== 'STOP_MARKET' && type !== 'TAKE_PROFIT_MARKET') throw new VenueRejection(-1116, 'Invalid orderType.');
    const params = { ...p, stopPrice: p.triggerPrice ?? p.stopPrice ?? '' };
    return algoOrderJson(place(params, ctx, type, p.clientAlgoId ?? ctx.nextClientOrderId(), true));
  },
  'GET /fapi/v1/algoOrder': (p, ctx) => {
    const order = findAlgo(p, ctx);
    if (order === undefined || ctx.serverTimeMs() < order.visibleFromMs) throw new VenueRejection(-2013, 'Order does not exist.');
    return algoOrderJson(order);
  },
  'DELETE /fapi/v1/algoOrder': (p, ctx) => {
    const order = findAlgo(p, ctx);
    if (order === undefined) throw new VenueRejection(-2011, 'Unknown order sent.');
    ctx.book.cancelOrder(order);
    return { algoId: order.orderId, clientAlgoId: order.clientOrderId, code: '200', msg: 'success' };
  },
  'DELETE /fapi/v1/algoOpenOrders': (p, ctx) => {
    ctx.book.cancelAllOpen(symbolOf(p, ctx), true);
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  },
  'GET /fapi/v1/openAlgoOrders': (p, ctx) => ordersOf(p, ctx, true, true).map(algoOrderJson),
  'GET /fapi/v1/allAlgoOrders': (p, ctx) => limited(ordersOf(p, ctx, true, false), p, (o) => o.timeMs).map(algoOrderJson),
  'POST /fapi/v1/leverage': (p, ctx) => {
    const symbol = symbolOf(p, ctx);
    ctx.book.setLeverage(symbol, Number(p.leverage));
    return { leverage: Number(p.leverage), maxNotionalValue: '1000000', symbol };
  },
  'POST /fapi/v1/marginType': (p, ctx) => {
    const marginType = p.marginType?.toUpperCase();
    if (marginType !== 'ISOLATED' && marginType !== 'CROSSED') throw new VenueRejection(-4044, 'The margin type is invalid.');
    ctx.book.setMarginType(symbolOf(p, ctx), marginType);
    return { code: 200, msg: 'success' };
  },
  'GET /fapi/v1/positionSide/dual': (_p, ctx) => ({ dualSidePosition: ctx.book.dualSidePosition }),
  'POST /fapi/v1/positionSide/dual': (p, ctx) => {
    ctx.book.setDualSidePosition(p.dualSidePosition === 'true');
    return { code: 200, msg: 'success' };
  },
  'GET /fapi/v1/leverageBracket': (p, ctx) => {
    const symbols = p.symbol === undefined ? [...ctx.book.symbols.values()] : [ctx.book.instrument(p.symbol)];
    const list = symbols.map((s) => ({
      symbol: s.symbol,
      notionalCoef: 1,
      brackets: [
        { bracket: 1, initialLeverage: s.maxLeverage ?? 125, notionalCap: 1_000_000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0 },
      ],
    }));
    return p.symbol === undefined ? list : list[0];
  },
  'GET /fapi/v1/multiAssetsMargin': () => ({ multiAssetsMargin: false }),
  'POST /fapi/v1/countdownCancelAll': (p, ctx) => {
    const symbol = symbolOf(p, ctx);
    const countdownMs = Number(p.countdownTime ?? '0');
    clearTimeout(ctx.countdowns.get(symbol));
    ctx.countdowns.delete(symbol);
    if (countdownMs > 0) {
      // The dead-man switch: unless renewed in time, the symbol's open regular orders are cancelled.
      // As on Binance since conditional orders moved to the Algo Service (which has its own cancel-all),
      // the countdown does not name them: conditional (algo) orders, the protective stops, stay.
      const timer = setTimeout(() => {
        ctx.countdowns.delete(symbol);
        ctx.book.cancelAllOpen(symbol, false);
      }, countdownMs);
      timer.unref();
      ctx.countdowns.set(symbol, timer);
    }
    return { symbol, countdownTime: String(countdownMs) };
  },
};

function place(p: Params, ctx: RouteContext, type: PlaceOrderRequest['type'], clientOrderId: string, isAlgo: boolean): SimOrder {
  if (p.positionSide !== undefined && p.positionSide !== 'BOTH') {
    throw new VenueRejection(-4061, "Order's position side does not match user's setting.");
  }
  const side = p.side;
  if (side !== 'BUY' && side !== 'SELL') throw new VenueRejection(-1117, 'Invalid side.');
  const request: PlaceOrderRequest = {
    symbol: symbolOf(p, ctx),
    side,
    type,
    reduceOnly: p.reduceOnly === 'true',
    closePosition: p.closePosition === 'true',
    clientOrderId,
    isAlgo,
    ...(p.quantity === undefined ? {} : { quantity: p.quantity }),
    ...(p.price === undefined ? {} : { price: p.price }),
    ...(p.stopPrice === undefined ? {} : { stopPrice: p.stopPrice }),
    ...(p.timeInForce === undefined ? {} : { timeInForce: p.timeInForce }),
  };
  const partial = type === 'MARKET' || type === 'LIMIT' ? ctx.faults.takePlacement('partialFill') : undefined;
  const notFound = ctx.faults.takePlacement('orderNotFoundFor');
  return ctx.book.placeOrder(request, {
    ...(partial === undefined ? {} : { partialFill: { fraction: partial.fraction, thenCancel: partial.thenCancel ?? false } }),
    ...(notFound === undefined ? {} : { notFoundForMs: notFound.ms }),
  });
}

function symbolOf(p: Params, ctx: RouteContext): string {
  if (p.symbol === undefined) throw new VenueRejection(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
  return ctx.book.instrument(p.symbol).symbol;
}

function findAlgo(p: Params, ctx: RouteContext): SimOrder | undefined {
  for (let i = ctx.book.orders.length - 1; i >= 0; i -= 1) {
    const o = ctx.book.orders[i] as SimOrder;
    if (!o.isAlgo) continue;
    if (p.algoId !== undefined && String(o.orderId) === p.algoId) return o;
    if (p.algoId === undefined && p.clientAlgoId !== undefined && o.clientOrderId === p.clientAlgoId) return o;
  }
  return undefined;
}

function ordersOf(p: Params, ctx: RouteContext, algo: boolean, openOnly: boolean): SimOrder[] {
  const symbol = p.symbol === undefined ? undefined : symbolOf(p, ctx);
  return ctx.book.orders.filter(
    (o) => o.isAlgo === algo && (symbol === undefined || o.symbol === symbol) && (!openOnly || isOpen(o)),
  );
}

function limited<T>(items: T[], p: Params, timeOf: (item: T) => number): T[] {
  const start = p.startTime === undefined ? -Infinity : Number(p.startTime);
  const end = p.endTime === undefined ? Infinity : Number(p.endTime);
  const limit = p.limit === undefined ? 500 : Number(p.limit);
  return items.filter((item) => timeOf(item) >= start && timeOf(item) <= end).slice(-limit);
}

function perSymbol(p: Params, ctx: RouteContext, one: (symbol: string) => unknown): unknown {
  if (p.symbol !== undefined) return one(symbolOf(p, ctx));
  return [...ctx.book.symbols.keys()].map(one);
}

function premiumIndex(symbol: string, ctx: RouteContext): unknown {
  const now = ctx.serverTimeMs();
  const price = decimalString(ctx.book.prices.get(symbol) ?? 0);
  return {
    symbol,
    markPrice: price,
    indexPrice: price,
    estimatedSettlePrice: price,
    lastFundingRate: FUNDING_RATE,
    interestRate: '0.00010000',
    nextFundingTime: Math.floor(now / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS + FUNDING_INTERVAL_MS,
    time: now,
  };
}

function fundingHistory(p: Params, ctx: RouteContext): unknown {
  const symbols = p.symbol === undefined ? [...ctx.book.symbols.keys()] : [symbolOf(p, ctx)];
  const limit = Math.min(Number(p.limit ?? '100'), 1000);
  const end = Math.min(Number(p.endTime ?? ctx.serverTimeMs()), ctx.serverTimeMs());
  const start = Number(p.startTime ?? end - limit * FUNDING_INTERVAL_MS);
  const out: unknown[] = [];
  for (let t = Math.ceil(start / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS; t <= end && out.length < limit; t += FUNDING_INTERVAL_MS) {
    for (const symbol of symbols) {
      out.push({ symbol, fundingTime: t, fundingRate: FUNDING_RATE, markPrice: decimalString(ctx.book.prices.get(symbol) ?? 0) });
    }
  }
  return out;
}

function klines(p: Params, ctx: RouteContext): unknown {
  const symbol = symbolOf(p, ctx);
  const intervalMs = intervalToMs(p.interval);
  const start = p.startTime === undefined ? -Infinity : Number(p.startTime);
  const end = p.endTime === undefined ? Infinity : Number(p.endTime);
  const limit = Math.min(Number(p.limit ?? '500'), 1500);
  const candles = (ctx.candles.get(symbol) ?? []).filter((c) => c.openTimeMs >= start && c.openTimeMs <= end);
  const chosen = p.startTime === undefined ? candles.slice(-limit) : candles.slice(0, limit);
  return chosen.map((c) => klineArray(c, intervalMs));
}

export function intervalToMs(interval: string | undefined): number {
  const match = /^(\d+)([mhdwM])$/.exec(interval ?? '');
  if (match === null) throw new VenueRejection(-1120, 'Invalid interval.');
  const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000 };
  return Number(match[1]) * (unitMs[match[2] as string] as number);
}

function balance(ctx: RouteContext): unknown {
  const account = accountJson(ctx.book, 3, ctx.serverTimeMs()) as { assets: Array<Record<string, unknown>> };
  return account.assets.map((a) => ({
    accountAlias: 'SimVenue',
    asset: a.asset,
    balance: a.walletBalance,
    crossWalletBalance: a.crossWalletBalance,
    crossUnPnl: a.crossUnPnl,
    availableBalance: a.availableBalance,
    maxWithdrawAmount: a.maxWithdrawAmount,
    marginAvailable: true,
    updateTime: a.updateTime,
  }));
}

function positionRisk(p: Params, ctx: RouteContext, version: 2 | 3): unknown {
  const symbols = p.symbol === undefined ? [...ctx.book.symbols.keys()] : [symbolOf(p, ctx)];
  const positions = symbols.map((s) => ctx.book.position(s));
  // v3 lists only symbols with a position or open orders; v2 lists every symbol.
  const shown = version === 3 ? positions.filter((pos) => pos.positionAmt !== 0) : positions;
  return shown.map((pos) => positionRiskJson(pos, ctx.book, version));
}
