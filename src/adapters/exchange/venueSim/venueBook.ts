import { Decimal } from 'decimal.js';
import {
  VenueRejection,
  type SimOrder,
  type SimOrderType,
  type SimIncome,
  type SimPosition,
  type SimTrade,
  type VenueSimSymbol,
} from './venueSimTypes.ts';

const TAKER_FEE_RATE = 0.0004;
const MAKER_FEE_RATE = 0.0002;
const DEFAULT_LEVERAGE = 20;
const CLIENT_ORDER_ID_PATTERN = /^[.A-Z:/a-z0-9_-]{1,36}$/;

export interface PlaceOrderRequest {
  symbol: string;
  side: 'BUY' | 'SELL';
  type: SimOrderType;
  quantity?: string;
  price?: string;
  stopPrice?: string;
  reduceOnly: boolean;
  closePosition: boolean;
  timeInForce?: string;
  clientOrderId: string;
  isAlgo: boolean;
}

/** One-shot modifiers an injected fault puts on the next order placed. */
export interface PlacementFaults {
  partialFill?: { fraction: number; thenCancel: boolean };
  notFoundForMs?: number;
}

export interface VenueBookListener {
  onOrderUpdate(order: SimOrder, trade: SimTrade | undefined): void;
  onAccountUpdate(reason: 'ORDER' | 'MARGIN_TYPE_CHANGE' | 'FUNDING_FEE', symbol: string): void;
}

/**
 * The simulated account: one-way positions with isolated (or cross) margin, resting limit and
 * conditional orders matched against the price path, taker/maker fees and realized PnL.
 */
export class VenueBook {
  readonly orders: SimOrder[] = [];
  readonly trades: SimTrade[] = [];
  readonly positions = new Map<string, SimPosition>();
  readonly marginType: Record<string, 'ISOLATED' | 'CROSSED'> = {};
  readonly leverage: Record<string, number> = {};
  readonly prices = new Map<string, number>();
  /** Funding fees charged, oldest first (the income history). */
  readonly income: SimIncome[] = [];
  private nextTranId = 9_000_000;
  dualSidePosition = false;
  walletBalance: number;
  private nextOrderId = 1000;
  private nextTradeId = 1;

  constructor(
    readonly symbols: ReadonlyMap<string, VenueSimSymbol>,
    walletBalance: number,
    private readonly nowMs: () => number,
    private readonly listener: VenueBookListener,
  ) {
    this.walletBalance = walletBalance;
    for (const s of symbols.values()) {
      this.prices.set(s.symbol, s.price);
      this.marginType[s.symbol] = 'CROSSED';
      this.leverage[s.symbol] = Math.min(DEFAULT_LEVERAGE, s.maxLeverage ?? 125);
    }
  }

  instrument(symbol: string | undefined): VenueSimSymbol {
    const found = symbol === undefined ? undefined : this.symbols.get(symbol);
    if (found === undefined) throw new VenueRejection(-1121, 'Invalid symbol.');
    return found;
  }

  position(symbol: string): SimPosition {
    let position = this.positions.get(symbol);
    if (position === undefined) {
      position = {
        symbol,
        positionAmt: 0,
        entryPrice: 0,
        isolatedMargin: 0,
        leverage: this.leverage[symbol] ?? DEFAULT_LEVERAGE,
        marginType: this.marginType[symbol] ?? 'CROSSED',
        markPrice: this.prices.get(symbol) ?? 0,
        unrealizedProfit: 0,
      };
      this.positions.set(symbol, position);
    }
    position.leverage = this.leverage[symbol] ?? DEFAULT_LEVERAGE;
    position.marginType = this.marginType[symbol] ?? 'CROSSED';
    position.markPrice = this.prices.get(symbol) ?? 0;
    position.unrealizedProfit = position.positionAmt * (position.markPrice - position.entryPrice);
    return position;
  }

  usedMargin(): number {
    let used = 0;
    for (const p of this.positions.values()) {
      used += p.isolatedMargin;
    }
    return used + this.openOrderMargin();
  }

  openOrderMargin(): number {
    let margin = 0;
    for (const o of this.orders) {
      if (isOpen(o) && o.type === 'LIMIT' && !o.reduceOnly) {
        margin += ((o.origQty - o.executedQty) * o.price) / (this.leverage[o.symbol] ?? DEFAULT_LEVERAGE);
      }
    }
    return margin;
  }

  availableBalance(): number {
    return this.walletBalance - this.usedMargin();
  }

  placeOrder(request: PlaceOrderRequest, faults: PlacementFaults): SimOrder {
    const instrument = this.instrument(request.symbol);
    if (!CLIENT_ORDER_ID_PATTERN.test(request.clientOrderId)) {
      throw new VenueRejection(
        -1100,
        "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.",
      );
    }
    if (this.orders.some((o) => isOpen(o) && o.clientOrderId === request.clientOrderId)) {
      throw new VenueRejection(-4116, 'ClientOrderId is duplicated.');
    }
    const isConditional = request.type === 'STOP_MARKET' || request.type === 'TAKE_PROFIT_MARKET';
    if (request.closePosition && !isConditional) {
      throw new VenueRejection(-4136, 'Target strategy invalid for orderType ' + request.type + ',closePosition true');
    }
    if (request.closePosition && request.reduceOnly) {
      throw new VenueRejection(-1106, "Parameter 'reduceonly' sent when not required.");
    }
    if (request.closePosition && request.quantity !== undefined) {
      throw new VenueRejection(-1106, "Parameter 'quantity' sent when not required.");
    }
    const quantity = request.closePosition ? 0 : this.checkQuantity(instrument, request.quantity);
    const price = request.type === 'LIMIT' ? this.checkPrice(instrument, request.price, 'price') : 0;
    const stopPrice = isConditional ? this.checkPrice(instrument, request.stopPrice, 'stopPrice') : 0;
    const current = this.prices.get(instrument.symbol) ?? instrument.price;
    const referencePrice = request.type === 'LIMIT' ? price : isConditional ? stopPrice : current;
    if (!request.reduceOnly && !request.closePosition && quantity * referencePrice < instrument.minNotional) {
      throw new VenueRejection(
        -4164,
        `Order's notional must be no smaller than ${instrument.minNotional} (unless you choose reduce only).`,
      );
    }
    if (request.reduceOnly && !isConditional && this.reducibleQty(instrument.symbol, request.side) <= 0) {
      throw new VenueRejection(-2022, 'ReduceOnly Order is rejected.');
    }
    if (isConditional && triggers(request.type, request.side, stopPrice, current)) {
      throw new VenueRejection(-2021, 'Order would immediately trigger.');
    }
    if (!request.reduceOnly && !request.closePosition && !isConditional) {
      const openingQty = Math.max(0, quantity - this.reducibleQty(instrument.symbol, request.side));
      const fillPrice = request.type === 'LIMIT' ? price : current;
      const required =
        (openingQty * fillPrice) / (this.leverage[instrument.symbol] ?? DEFAULT_LEVERAGE) + quantity * fillPrice * TAKER_FEE_RATE;
      if (required > this.availableBalance() + 1e-9) throw new VenueRejection(-2019, 'Margin is insufficient.');
    }
    const now = this.nowMs();
    const order: SimOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: request.clientOrderId,
      symbol: instrument.symbol,
      side: request.side,
      type: request.type,
      status: 'NEW',
      price,
      stopPrice,
      origQty: quantity,
      executedQty: 0,
      avgPrice: 0,
      reduceOnly: request.reduceOnly,
      closePosition: request.closePosition,
      timeInForce: request.type === 'MARKET' ? 'GTC' : ((request.timeInForce ?? 'GTC') as SimOrder['timeInForce']),
      isAlgo: request.isAlgo,
      timeMs: now,
      updateTimeMs: now,
      visibleFromMs: now + (faults.notFoundForMs ?? 0),
    };
    this.orders.push(order);
    this.listener.onOrderUpdate(order, undefined);
    if (request.type === 'MARKET') {
      this.executeMarket(order, current, faults.partialFill);
    } else if (request.type === 'LIMIT' && limitCrosses(order.side, price, current)) {
      // A marketable limit order takes liquidity at the current price, as the book would give it.
      this.fillUpTo(order, current, false, faults.partialFill);
    } else if (request.type === 'LIMIT' && faults.partialFill !== undefined) {
      // Resting: the partial fill applies when the price reaches the limit.
      this.pendingPartial.set(order.orderId, faults.partialFill);
    }
    return order;
  }

  private readonly pendingPartial = new Map<number, { fraction: number; thenCancel: boolean }>();

  cancelOrder(order: SimOrder): SimOrder {
    if (!isOpen(order)) throw new VenueRejection(-2011, 'Unknown order sent.');
    this.finish(order, 'CANCELED');
    return order;
  }

  cancelAllOpen(symbol: string, algo: boolean): SimOrder[] {
    const open = this.orders.filter((o) => o.symbol === symbol && o.isAlgo === algo && isOpen(o));
    for (const o of open) this.finish(o, 'CANCELED');
    return open;
  }

  findOrder(symbol: string, orderId: string | undefined, clientOrderId: string | undefined, algo: boolean): SimOrder | undefined {
    // Several orders may share a client id over time (uniqueness is enforced among open orders only): the newest wins.
    for (let i = this.orders.length - 1; i >= 0; i -= 1) {
      const o = this.orders[i] as SimOrder;
      if (o.symbol !== symbol || o.isAlgo !== algo) continue;
      if (orderId !== undefined && String(o.orderId) === orderId) return o;
      if (orderId === undefined && clientOrderId !== undefined && o.clientOrderId === clientOrderId) return o;
    }
    return undefined;
  }

  /**
   * A funding time: every open position pays (or receives) position × price × `rate` from the wallet,
   * as Binance books it (longs pay a positive rate), and each payment joins the income history.
   */
  chargeFunding(rate: number): SimIncome[] {
    const charged: SimIncome[] = [];
    for (const position of this.positions.values()) {
      if (position.positionAmt === 0) continue;
      const price = this.prices.get(position.symbol) ?? position.entryPrice;
      // Booked to 8 decimals, as the venue's income strings are.
      const income = Math.round(-position.positionAmt * price * rate * 1e8) / 1e8;
      this.walletBalance += income;
      const entry: SimIncome = { tranId: this.nextTranId++, symbol: position.symbol, incomeType: 'FUNDING_FEE', income, timeMs: this.nowMs() };
      this.income.push(entry);
      charged.push(entry);
      this.listener.onAccountUpdate('FUNDING_FEE', position.symbol);
    }
    return charged;
  }

  /** Moves the last/mark price and matches resting limit and conditional orders against it. */
  setPrice(symbol: string, price: number): void {
    this.instrument(symbol);
    this.prices.set(symbol, price);
    for (const order of [...this.orders]) {
      if (order.symbol !== symbol || !isOpen(order)) continue;
      if (order.type === 'MARKET') {
        this.executeMarket(order, price, undefined);
      } else if (order.type === 'LIMIT' && limitCrosses(order.side, order.price, price)) {
        const partial = this.pendingPartial.get(order.orderId);
        this.pendingPartial.delete(order.orderId);
        this.fillUpTo(order, order.price, true, partial);
      } else if (order.type !== 'LIMIT' && triggers(order.type, order.side, order.stopPrice, price)) {
        this.trigger(order, price);
      }
    }
  }

  setLeverage(symbol: string, leverage: number): void {
    const instrument = this.instrument(symbol);
    const max = instrument.maxLeverage ?? 125;
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > max) {
      throw new VenueRejection(-4028, `Leverage ${leverage} is not valid`);
    }
    this.leverage[symbol] = leverage;
  }

  setMarginType(symbol: string, marginType: 'ISOLATED' | 'CROSSED'): void {
    this.instrument(symbol);
    if (this.marginType[symbol] === marginType) throw new VenueRejection(-4046, 'No need to change margin type.');
    const position = this.positions.get(symbol);
    if (position !== undefined && position.positionAmt !== 0) {
      throw new VenueRejection(-4048, 'Margin type cannot be changed if there exists position.');
    }
    if (this.orders.some((o) => o.symbol === symbol && isOpen(o))) {
      throw new VenueRejection(-4047, 'Margin type cannot be changed if there exists open orders.');
    }
    this.marginType[symbol] = marginType;
    this.listener.onAccountUpdate('MARGIN_TYPE_CHANGE', symbol);
  }

  setDualSidePosition(dual: boolean): void {
    if (this.dualSidePosition === dual) throw new VenueRejection(-4059, 'No need to change position side.');
    if ([...this.positions.values()].some((p) => p.positionAmt !== 0) || this.orders.some(isOpen)) {
      throw new VenueRejection(-4068, 'Position side cannot be changed if there exists position.');
    }
    this.dualSidePosition = dual;
  }

  private reducibleQty(symbol: string, side: 'BUY' | 'SELL'): number {
    const amount = this.positions.get(symbol)?.positionAmt ?? 0;
    if (side === 'BUY') return amount < 0 ? -amount : 0;
    return amount > 0 ? amount : 0;
  }

  private checkQuantity(instrument: VenueSimSymbol, raw: string | undefined): number {
    if (raw === undefined) throw new VenueRejection(-1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    const quantity = parseDecimal(raw, 'quantity');
    if (quantity.lte(0)) throw new VenueRejection(-4003, 'Quantity less than or equal to zero.');
    if (!quantity.mod(instrument.lotStep).isZero()) {
      throw new VenueRejection(-1111, 'Precision is over the maximum defined for this asset.');
    }
    if (quantity.lt(instrument.minQty)) throw new VenueRejection(-4004, 'Quantity less than min quantity.');
    return quantity.toNumber();
  }

  private checkPrice(instrument: VenueSimSymbol, raw: string | undefined, name: string): number {
    if (raw === undefined) throw new VenueRejection(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
    const price = parseDecimal(raw, name);
    if (price.lte(0)) throw new VenueRejection(-4001, 'Price less than 0.');
    if (!price.mod(instrument.tickSize).isZero()) throw new VenueRejection(-4014, 'Price not increased by tick size.');
    return price.toNumber();
  }

  private trigger(order: SimOrder, price: number): void {
    const quantity = order.closePosition ? this.reducibleQty(order.symbol, order.side) : order.origQty;
    const executable = order.reduceOnly ? Math.min(quantity, this.reducibleQty(order.symbol, order.side)) : quantity;
    if (executable <= 0) {
      this.finish(order, 'EXPIRED');
      return;
    }
    // The algo service hands a market order to the matching engine; the conditional order is then done.
    const market: SimOrder = {
      ...order,
      orderId: this.nextOrderId++,
      type: 'MARKET',
      origType: order.type,
      status: 'NEW',
      origQty: executable,
      isAlgo: false,
      reduceOnly: order.reduceOnly || order.closePosition,
      timeMs: this.nowMs(),
      updateTimeMs: this.nowMs(),
    };
    this.orders.push(market);
    order.actualOrderId = market.orderId;
    order.origQty = order.closePosition ? executable : order.origQty;
    this.executeMarket(market, price, undefined);
    order.executedQty = market.executedQty;
    order.avgPrice = market.avgPrice;
    this.finish(order, 'FILLED');
  }

  private executeMarket(order: SimOrder, price: number, partial: PlacementFaults['partialFill']): void {
    this.fillUpTo(order, price, false, partial);
  }

  private fillUpTo(order: SimOrder, price: number, maker: boolean, partial: PlacementFaults['partialFill']): void {
    const instrument = this.instrument(order.symbol);
    let remaining = new Decimal(order.origQty).minus(order.executedQty);
    if (order.reduceOnly) remaining = Decimal.min(remaining, this.reducibleQty(order.symbol, order.side));
    if (partial !== undefined) {
      remaining = remaining.times(partial.fraction).toNearest(instrument.lotStep, Decimal.ROUND_DOWN);
    }
    if (remaining.gt(0)) this.fill(order, remaining.toNumber(), price, maker);
    if (partial !== undefined) {
      if (partial.thenCancel) this.finish(order, 'CANCELED');
      return;
    }
    if (order.executedQty < order.origQty && order.reduceOnly) this.finish(order, 'EXPIRED');
  }

  private fill(order: SimOrder, qty: number, price: number, maker: boolean): void {
    const position = this.position(order.symbol);
    const signedQty = order.side === 'BUY' ? qty : -qty;
    const before = position.positionAmt;
    let realizedPnl = 0;
    const leverage = this.leverage[order.symbol] ?? DEFAULT_LEVERAGE;
    if (before === 0 || Math.sign(before) === Math.sign(signedQty)) {
      const after = before + signedQty;
      position.entryPrice = (Math.abs(before) * position.entryPrice + qty * price) / Math.abs(after);
      position.positionAmt = roundToStep(after, this.instrument(order.symbol).lotStep);
      position.isolatedMargin += (qty * price) / leverage;
    } else {
      const closingQty = Math.min(Math.abs(before), qty);
      realizedPnl = closingQty * (price - position.entryPrice) * Math.sign(before);
      const remainingOld = Math.abs(before) - closingQty;
      position.isolatedMargin = Math.abs(before) > 0 ? (position.isolatedMargin * remainingOld) / Math.abs(before) : 0;
      const opening = qty - closingQty;
      position.positionAmt = roundToStep(before + signedQty, this.instrument(order.symbol).lotStep);
      if (position.positionAmt === 0) {
        position.entryPrice = 0;
        position.isolatedMargin = 0;
      } else if (opening > 0) {
        position.entryPrice = price;
        position.isolatedMargin = (opening * price) / leverage;
      }
    }
    const commission = qty * price * (maker ? MAKER_FEE_RATE : TAKER_FEE_RATE);
    this.walletBalance += realizedPnl - commission;
    const now = this.nowMs();
    const previousNotional = order.executedQty * order.avgPrice;
    order.executedQty = roundToStep(order.executedQty + qty, this.instrument(order.symbol).lotStep);
    order.avgPrice = (previousNotional + qty * price) / order.executedQty;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTimeMs = now;
    const trade: SimTrade = {
      id: this.nextTradeId++,
      orderId: order.orderId,
      symbol: order.symbol,
      side: order.side,
      price,
      qty,
      quoteQty: qty * price,
      commission,
      realizedPnl,
      maker,
      timeMs: now,
    };
    this.trades.push(trade);
    this.position(order.symbol);
    this.listener.onOrderUpdate(order, trade);
    this.listener.onAccountUpdate('ORDER', order.symbol);
  }

  private finish(order: SimOrder, status: 'CANCELED' | 'EXPIRED' | 'FILLED'): void {
    order.status = status;
    order.updateTimeMs = this.nowMs();
    this.pendingPartial.delete(order.orderId);
    this.listener.onOrderUpdate(order, undefined);
  }
}

export function isOpen(order: SimOrder): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}

function limitCrosses(side: 'BUY' | 'SELL', limit: number, price: number): boolean {
  return side === 'BUY' ? price <= limit : price >= limit;
}

function triggers(type: SimOrderType, side: 'BUY' | 'SELL', stopPrice: number, price: number): boolean {
  if (type === 'STOP_MARKET') return side === 'BUY' ? price >= stopPrice : price <= stopPrice;
  if (type === 'TAKE_PROFIT_MARKET') return side === 'BUY' ? price <= stopPrice : price >= stopPrice;
  return false;
}

function parseDecimal(raw: string, name: string): Decimal {
  try {
    const value = new Decimal(raw);
    if (value.isFinite()) return value;
  } catch {
    // fall through to the venue's own wording
  }
  throw new VenueRejection(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

function roundToStep(value: number, step: number): number {
  return new Decimal(value).toNearest(step).toNumber();
}
