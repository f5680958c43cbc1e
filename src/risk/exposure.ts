import type { OrderSide } from './orderIntent.ts';
import type { RiskSnapshot } from './riskSnapshot.ts';

// Quantities below this (base units) count as flat: float residue of closing fills is not a position.
export const QUANTITY_EPSILON = 1e-12;

/** Signed position on a symbol in base units (0 when flat or unknown). */
export function positionQuantity(snapshot: RiskSnapshot, symbol: string): number {
  const position = snapshot.positions[symbol];
  return position === undefined ? 0 : position.quantity;
}

/** True when the order leaves |position| larger than it was (a flip past flat counts if it ends bigger). */
export function increasesExposure(position: number, side: OrderSide, quantity: number): boolean {
  const after = position + (side === 'buy' ? quantity : -quantity);
  return Math.abs(after) > Math.abs(position) + QUANTITY_EPSILON;
}

/**
 * Worst-case absolute position on a symbol, in base units, if every working entry order on one side
 * fills (and the extra signed quantity is added): the C4 rule that working orders count as exposure.
 */
export function worstCaseQuantity(snapshot: RiskSnapshot, symbol: string, extraSigned: number): number {
  let buys = 0;
  let sells = 0;
  const orders = snapshot.workingOrders;
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i];
    if (order.symbol !== symbol || order.reduceOnly) continue;
    if (order.side === 'buy') buys += order.quantity;
    else sells += order.quantity;
  }
  const position = positionQuantity(snapshot, symbol);
  const longSide = position + buys + (extraSigned > 0 ? extraSigned : 0);
  const shortSide = position - sells + (extraSigned < 0 ? extraSigned : 0);
  return Math.max(Math.abs(longSide), Math.abs(shortSide));
}

/** Symbols with a position or a working entry order. */
export function exposedSymbols(snapshot: RiskSnapshot): Set<string> {
  const symbols = new Set<string>();
  for (const symbol in snapshot.positions) {
    const position = snapshot.positions[symbol];
    if (isHeld(position)) symbols.add(symbol);
  }
  for (const order of snapshot.workingOrders) if (!order.reduceOnly) symbols.add(order.symbol);
  return symbols;
}

/**
 * Price to value a symbol's exposure: the mark when usable, else `fallback` (the order's price), else
 * the entry price, else the highest working order price, so a missing mark never values exposure at 0.
 */
export function valuationPrice(snapshot: RiskSnapshot, symbol: string, fallback: number): number {
  const mark = snapshot.markets[symbol]?.markPrice;
  if (mark !== undefined && Number.isFinite(mark) && mark > 0) return mark;
  if (Number.isFinite(fallback) && fallback > 0) return fallback;
  const entry = snapshot.positions[symbol]?.entryPrice;
  if (entry !== undefined && Number.isFinite(entry) && entry > 0) return entry;
  let highest = 0;
  for (const order of snapshot.workingOrders) if (order.symbol === symbol && order.price > highest) highest = order.price;
  return highest;
}

/** Worst-case notional on a symbol (account currency) with `extraSigned` base units added. */
export function symbolNotional(snapshot: RiskSnapshot, symbol: string, extraSigned: number, fallbackPrice: number): number {
  return worstCaseQuantity(snapshot, symbol, extraSigned) * valuationPrice(snapshot, symbol, fallbackPrice);
}

/**
 * Worst-case margin on a symbol (account currency): the position's reported margin plus what any
 * growth beyond the position (working entries, `extraSigned`) would commit at the symbol's leverage.
 */
export function symbolMargin(snapshot: RiskSnapshot, symbol: string, extraSigned: number, fallbackPrice: number): number {
  const position = snapshot.positions[symbol];
  const held = position === undefined ? 0 : Math.abs(position.quantity);
  const margin = position === undefined ? 0 : position.margin;
  const leverage = position !== undefined && position.leverage > 0 ? position.leverage : 1;
  const growth = worstCaseQuantity(snapshot, symbol, extraSigned) - held;
  if (growth <= 0) return margin;
  return margin + (growth * valuationPrice(snapshot, symbol, fallbackPrice)) / leverage;
}

/**
 * Sum over all exposed symbols (and `symbol`, when given) of `measure`, with `extraSigned` applied to
 * `symbol` only. Symbols are visited in `exposedSymbols` order (held positions, then working entries,
 * then `symbol`) without building its set: this runs several times for every entry checked.
 */
export function sumOverSymbols(
  snapshot: RiskSnapshot,
  symbol: string | undefined,
  extraSigned: number,
  fallbackPrice: number,
  measure: (snapshot: RiskSnapshot, symbol: string, extraSigned: number, fallbackPrice: number) => number,
): number {
  const positions = snapshot.positions;
  let total = 0;
  let symbolSeen = false;
  for (const each in positions) {
    if (!isHeld(positions[each])) continue;
    if (each === symbol) {
      symbolSeen = true;
      total += measure(snapshot, each, extraSigned, fallbackPrice);
    } else {
      total += measure(snapshot, each, 0, 0);
    }
  }
  const orders = snapshot.workingOrders;
  for (let i = 0; i < orders.length; i++) {
    const each = orders[i].symbol;
    if (orders[i].reduceOnly || isHeld(positions[each]) || hasEarlierEntry(orders, i, each)) continue;
    if (each === symbol) {
      symbolSeen = true;
      total += measure(snapshot, each, extraSigned, fallbackPrice);
    } else {
      total += measure(snapshot, each, 0, 0);
    }
  }
  if (symbol !== undefined && !symbolSeen) total += measure(snapshot, symbol, extraSigned, fallbackPrice);
  return total;
}

function isHeld(position: RiskSnapshot['positions'][string] | undefined): boolean {
  return position !== undefined && Math.abs(position.quantity) > QUANTITY_EPSILON;
}

/** Whether a working entry order before index `before` is on `symbol` (already counted). */
function hasEarlierEntry(orders: RiskSnapshot['workingOrders'], before: number, symbol: string): boolean {
  for (let i = 0; i < before; i++) if (!orders[i].reduceOnly && orders[i].symbol === symbol) return true;
  return false;
}

/**
 * Signed worst-case position on the order's side after it fills: the position plus working entries
 * on that side plus the order (buys: long side, sells: short side), base units.
 */
export function sideWorstQuantity(snapshot: RiskSnapshot, symbol: string, side: OrderSide, quantity: number): number {
  let working = 0;
  for (const order of snapshot.workingOrders) {
    if (order.symbol === symbol && !order.reduceOnly && order.side === side) working += order.quantity;
  }
  const position = positionQuantity(snapshot, symbol);
  return side === 'buy' ? position + working + quantity : position - working - quantity;
}
