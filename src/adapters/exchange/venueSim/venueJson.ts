import type { VenueBook } from './venueBook.ts';
import type { SimCandle, SimOrder, SimPosition, SimTrade, VenueSimSymbol } from './venueSimTypes.ts';

/** Binance sends decimals as strings; the simulator keeps floats, trimmed of binary noise. */
export function decimalString(value: number): string {
  if (value === 0) return '0';
  return String(Number(value.toPrecision(12)));
}

function decimalsOf(step: number): number {
  const text = decimalString(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export function exchangeInfoJson(symbols: Iterable<VenueSimSymbol>, serverTimeMs: number): unknown {
  return {
    timezone: 'UTC',
    serverTime: serverTimeMs,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: [...symbols].map((s) => ({
      symbol: s.symbol,
      pair: s.symbol,
      contractType: 'PERPETUAL',
      deliveryDate: 4133404800000,
      onboardDate: 1569398400000,
      status: 'TRADING',
      maintMarginPercent: '2.5000',
      requiredMarginPercent: '5.0000',
      baseAsset: s.base,
      quoteAsset: s.quote,
      marginAsset: s.quote,
      pricePrecision: decimalsOf(s.tickSize),
      quantityPrecision: decimalsOf(s.lotStep),
      baseAssetPrecision: 8,
      quotePrecision: 8,
      underlyingType: 'COIN',
      underlyingSubType: [],
      settlePlan: 0,
      triggerProtect: '0.0500',
      liquidationFee: '0.012500',
      marketTakeBound: '0.05',
      maxMoveOrderLimit: 10000,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: decimalString(s.tickSize), maxPrice: '10000000', tickSize: decimalString(s.tickSize) },
        { filterType: 'LOT_SIZE', minQty: decimalString(s.minQty), maxQty: '100000', stepSize: decimalString(s.lotStep) },
        { filterType: 'MARKET_LOT_SIZE', minQty: decimalString(s.minQty), maxQty: '10000', stepSize: decimalString(s.lotStep) },
        { filterType: 'MAX_NUM_ORDERS', limit: 200 },
        { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
        { filterType: 'MIN_NOTIONAL', notional: decimalString(s.minNotional) },
        { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      ],
      orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
    })),
  };
}

export function orderJson(o: SimOrder): Record<string, unknown> {
  return {
    orderId: o.orderId,
    symbol: o.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: decimalString(o.price),
    avgPrice: decimalString(o.avgPrice),
    origQty: decimalString(o.origQty),
    executedQty: decimalString(o.executedQty),
    cumQty: decimalString(o.executedQty),
    cumQuote: decimalString(o.executedQty * o.avgPrice),
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: o.closePosition,
    side: o.side,
    positionSide: 'BOTH',
    stopPrice: decimalString(o.stopPrice),
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: o.origType ?? o.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    time: o.timeMs,
    updateTime: o.updateTimeMs,
  };
}

const ALGO_STATUS: Record<SimOrder['status'], string> = {
  NEW: 'NEW',
  PARTIALLY_FILLED: 'NEW',
  FILLED: 'FINISHED',
  CANCELED: 'CANCELED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
};

export function algoOrderJson(o: SimOrder): Record<string, unknown> {
  return {
    algoId: o.orderId,
    clientAlgoId: o.clientOrderId,
    algoType: 'CONDITIONAL',
    orderType: o.type,
    symbol: o.symbol,
    side: o.side,
    positionSide: 'BOTH',
    timeInForce: o.timeInForce,
    quantity: decimalString(o.origQty),
    algoStatus: ALGO_STATUS[o.status],
    actualOrderId: o.actualOrderId === undefined ? '' : String(o.actualOrderId),
    actualPrice: decimalString(o.avgPrice),
    triggerPrice: decimalString(o.stopPrice),
    price: '0',
    icebergQuantity: null,
    selfTradePreventionMode: 'EXPIRE_MAKER',
    workingType: 'CONTRACT_PRICE',
    priceMatch: 'NONE',
    closePosition: o.closePosition,
    priceProtect: false,
    reduceOnly: o.reduceOnly,
    createTime: o.timeMs,
    updateTime: o.updateTimeMs,
    triggerTime: o.actualOrderId === undefined ? 0 : o.updateTimeMs,
    goodTillDate: 0,
  };
}

export function tradeJson(t: SimTrade): Record<string, unknown> {
  return {
    buyer: t.side === 'BUY',
    commission: decimalString(t.commission),
    commissionAsset: 'USDT',
    id: t.id,
    maker: t.maker,
    orderId: t.orderId,
    price: decimalString(t.price),
    qty: decimalString(t.qty),
    quoteQty: decimalString(t.quoteQty),
    realizedPnl: decimalString(t.realizedPnl),
    side: t.side,
    positionSide: 'BOTH',
    symbol: t.symbol,
    time: t.timeMs,
  };
}

export function positionRiskJson(p: SimPosition, book: VenueBook, version: 2 | 3): Record<string, unknown> {
  const notional = p.positionAmt * p.markPrice;
  const common = {
    symbol: p.symbol,
    positionSide: 'BOTH',
    positionAmt: decimalString(p.positionAmt),
    entryPrice: decimalString(p.entryPrice),
    breakEvenPrice: decimalString(p.entryPrice),
    markPrice: decimalString(p.markPrice),
    unRealizedProfit: decimalString(p.unrealizedProfit),
    liquidationPrice: '0',
    isolatedMargin: decimalString(p.marginType === 'ISOLATED' ? p.isolatedMargin + p.unrealizedProfit : 0),
    notional: decimalString(notional),
    marginAsset: 'USDT',
    isolatedWallet: decimalString(p.marginType === 'ISOLATED' ? p.isolatedMargin : 0),
    adl: 0,
    updateTime: book.trades.filter((t) => t.symbol === p.symbol).at(-1)?.timeMs ?? 0,
  };
  if (version === 2) {
    return {
      ...common,
      leverage: String(p.leverage),
      maxNotionalValue: '1000000',
      marginType: p.marginType === 'ISOLATED' ? 'isolated' : 'cross',
      isAutoAddMargin: 'false',
    };
  }
  return {
    ...common,
    initialMargin: decimalString(p.isolatedMargin),
    maintMargin: decimalString(Math.abs(notional) * 0.004),
    positionInitialMargin: decimalString(p.isolatedMargin),
    openOrderInitialMargin: '0',
  };
}

export function accountJson(book: VenueBook, version: 2 | 3, nowMs: number): Record<string, unknown> {
  const positions = book.symbols.size === 0 ? [] : [...book.symbols.keys()].map((s) => book.position(s));
  const unrealized = positions.reduce((sum, p) => sum + p.unrealizedProfit, 0);
  const positionMargin = positions.reduce((sum, p) => sum + p.isolatedMargin, 0);
  const orderMargin = book.openOrderMargin();
  const available = book.availableBalance();
  const totals = {
    totalInitialMargin: decimalString(positionMargin + orderMargin),
    totalMaintMargin: '0',
    totalWalletBalance: decimalString(book.walletBalance),
    totalUnrealizedProfit: decimalString(unrealized),
    totalMarginBalance: decimalString(book.walletBalance + unrealized),
    totalPositionInitialMargin: decimalString(positionMargin),
    totalOpenOrderInitialMargin: decimalString(orderMargin),
    totalCrossWalletBalance: decimalString(book.walletBalance),
    totalCrossUnPnl: '0',
    availableBalance: decimalString(available),
    maxWithdrawAmount: decimalString(available),
  };
  const asset = {
    asset: 'USDT',
    walletBalance: decimalString(book.walletBalance),
    unrealizedProfit: decimalString(unrealized),
    marginBalance: decimalString(book.walletBalance + unrealized),
    maintMargin: '0',
    initialMargin: decimalString(positionMargin + orderMargin),
    positionInitialMargin: decimalString(positionMargin),
    openOrderInitialMargin: decimalString(orderMargin),
    crossWalletBalance: decimalString(book.walletBalance),
    crossUnPnl: '0',
    availableBalance: decimalString(available),
    maxWithdrawAmount: decimalString(available),
    marginAvailable: true,
    updateTime: nowMs,
  };
  const openPositions = positions.filter((p) => version === 2 || p.positionAmt !== 0);
  return {
    ...(version === 2 ? { feeTier: 0, canTrade: true, canDeposit: true, canWithdraw: false, updateTime: 0, multiAssetsMargin: false, tradeGroupId: -1 } : {}),
    ...totals,
    assets: [asset],
    positions: openPositions.map((p) =>
      version === 2
        ? {
            symbol: p.symbol,
            initialMargin: decimalString(p.isolatedMargin),
            maintMargin: '0',
            unrealizedProfit: decimalString(p.unrealizedProfit),
            positionInitialMargin: decimalString(p.isolatedMargin),
            openOrderInitialMargin: '0',
            leverage: String(p.leverage),
            isolated: p.marginType === 'ISOLATED',
            entryPrice: decimalString(p.entryPrice),
            maxNotional: '1000000',
            bidNotional: '0',
            askNotional: '0',
            positionSide: 'BOTH',
            positionAmt: decimalString(p.positionAmt),
            updateTime: 0,
          }
        : {
            symbol: p.symbol,
            positionSide: 'BOTH',
            positionAmt: decimalString(p.positionAmt),
            unrealizedProfit: decimalString(p.unrealizedProfit),
            isolatedMargin: decimalString(p.marginType === 'ISOLATED' ? p.isolatedMargin : 0),
            notional: decimalString(p.positionAmt * p.markPrice),
            isolatedWallet: decimalString(p.marginType === 'ISOLATED' ? p.isolatedMargin : 0),
            initialMargin: decimalString(p.isolatedMargin),
            maintMargin: '0',
            updateTime: 0,
          },
    ),
  };
}

export function klineArray(c: SimCandle, intervalMs: number): unknown[] {
  return [
    c.openTimeMs,
    decimalString(c.open),
    decimalString(c.high),
    decimalString(c.low),
    decimalString(c.close),
    decimalString(c.volume),
    c.openTimeMs + intervalMs - 1,
    decimalString(c.volume * c.close),
    1,
    '0',
    '0',
    '0',
  ];
}

export function orderTradeUpdateEvent(o: SimOrder, t: SimTrade | undefined, nowMs: number): unknown {
  const executionType = t !== undefined ? 'TRADE' : o.status === 'NEW' ? 'NEW' : o.status === 'CANCELED' ? 'CANCELED' : o.status === 'EXPIRED' ? 'EXPIRED' : 'AMENDMENT';
  return {
    e: 'ORDER_TRADE_UPDATE',
    E: nowMs,
    T: o.updateTimeMs,
    o: {
      s: o.symbol,
      c: o.clientOrderId,
      S: o.side,
      o: o.type,
      f: o.timeInForce,
      q: decimalString(o.origQty),
      p: decimalString(o.price),
      ap: decimalString(o.avgPrice),
      sp: decimalString(o.stopPrice),
      x: executionType,
      X: o.status,
      i: o.orderId,
      l: decimalString(t?.qty ?? 0),
      z: decimalString(o.executedQty),
      L: decimalString(t?.price ?? 0),
      N: 'USDT',
      n: decimalString(t?.commission ?? 0),
      T: o.updateTimeMs,
      t: t?.id ?? 0,
      b: '0',
      a: '0',
      m: t?.maker ?? false,
      R: o.reduceOnly,
      wt: 'CONTRACT_PRICE',
      ot: o.origType ?? o.type,
      ps: 'BOTH',
      cp: o.closePosition,
      rp: decimalString(t?.realizedPnl ?? 0),
      pP: false,
      si: 0,
      ss: 0,
      V: 'EXPIRE_MAKER',
      pm: 'NONE',
      gtd: 0,
    },
  };
}

export function algoUpdateEvent(o: SimOrder, nowMs: number): unknown {
  return {
    e: 'ALGO_UPDATE',
    T: o.updateTimeMs,
    E: nowMs,
    o: {
      caid: o.clientOrderId,
      aid: o.orderId,
      at: 'CONDITIONAL',
      o: o.type,
      s: o.symbol,
      S: o.side,
      ps: 'BOTH',
      f: o.timeInForce,
      q: decimalString(o.origQty),
      X: ALGO_STATUS[o.status],
      ai: o.actualOrderId === undefined ? '' : String(o.actualOrderId),
      ap: decimalString(o.avgPrice),
      aq: decimalString(o.executedQty),
      act: 'MARKET',
      tp: decimalString(o.stopPrice),
      p: '0',
      V: 'EXPIRE_MAKER',
      wt: 'CONTRACT_PRICE',
      pm: 'NONE',
      cp: o.closePosition,
      pP: false,
      R: o.reduceOnly,
      tt: 0,
      gtd: 0,
    },
  };
}

export function accountUpdateEvent(book: VenueBook, reason: string, symbol: string, nowMs: number): unknown {
  const p = book.position(symbol);
  return {
    e: 'ACCOUNT_UPDATE',
    E: nowMs,
    T: nowMs,
    a: {
      m: reason,
      B: [{ a: 'USDT', wb: decimalString(book.walletBalance), cw: decimalString(book.walletBalance), bc: '0' }],
      P: [
        {
          s: p.symbol,
          pa: decimalString(p.positionAmt),
          ep: decimalString(p.entryPrice),
          bep: decimalString(p.entryPrice),
          cr: '0',
          up: decimalString(p.unrealizedProfit),
          mt: p.marginType === 'ISOLATED' ? 'isolated' : 'cross',
          iw: decimalString(p.marginType === 'ISOLATED' ? p.isolatedMargin : 0),
          ps: 'BOTH',
        },
      ],
    },
  };
}
