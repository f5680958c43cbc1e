/** One execution as the metrics read it: numbers, attributed to the sleeve whose intent it filled. */
export interface MetricFill {
  readonly sleeve: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  /** Positive. */
  readonly quantity: number;
  readonly price: number;
  /** Quote-asset commission; negative for a rebate. */
  readonly fee: number;
  readonly atMs: number;
  /** The decision's reference price (the bar close it was sized from), when known: slippage is measured against it. */
  readonly referencePrice?: number;
}

/** A position from flat back to flat (or to a flip), with its PnL net of every fee paid on the way. */
export interface RoundTrip {
  readonly sleeve: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  readonly openedAtMs: number;
  readonly closedAtMs: number;
  /** Price PnL of the closing quantity minus the fees of its opening and closing fills, quote asset. */
  readonly pnl: number;
}

/**
 * Quantities are decimal lots summed in binary floats (0.1 + 0.2 ≠ 0.3): rounded to 1e-10 after each
 * step, so a position closed by its exact lots reads as flat, not as a residue that never closes.
 */
function snap(quantity: number): number {
  return Math.round(quantity * 1e10) / 1e10;
}

interface OpenTrade {
  quantity: number;
  averagePrice: number;
  pnl: number;
  openedAtMs: number;
}

/**
 * Round trips per sleeve and symbol with average-cost accounting: adding to a position moves its
 * average price, reducing realises (price − average) × quantity, and a fill that crosses zero closes
 * the trip and opens the next with the rest (its fee split by quantity). Fills are taken in time order.
 */
export function roundTrips(fills: readonly MetricFill[]): RoundTrip[] {
  const open = new Map<string, OpenTrade>();
  const closed: RoundTrip[] = [];
  for (const fill of [...fills].sort((a, b) => a.atMs - b.atMs)) {
    const key = `${fill.sleeve}\u0000${fill.symbol}`;
    const signed = fill.side === 'BUY' ? fill.quantity : -fill.quantity;
    const trade = open.get(key);
    if (trade === undefined || trade.quantity === 0) {
      open.set(key, { quantity: signed, averagePrice: fill.price, pnl: -fill.fee, openedAtMs: fill.atMs });
      continue;
    }
    if (Math.sign(signed) === Math.sign(trade.quantity)) {
      const size = Math.abs(trade.quantity) + fill.quantity;
      trade.averagePrice = (trade.averagePrice * Math.abs(trade.quantity) + fill.price * fill.quantity) / size;
      trade.quantity = snap(trade.quantity + signed);
      trade.pnl -= fill.fee;
      continue;
    }
    const closing = Math.min(fill.quantity, Math.abs(trade.quantity));
    const closingFee = (fill.fee * closing) / fill.quantity;
    trade.pnl += closing * (fill.price - trade.averagePrice) * Math.sign(trade.quantity) - closingFee;
    const direction = trade.quantity > 0 ? 'long' : 'short';
    trade.quantity = snap(trade.quantity + Math.sign(signed) * closing);
    if (trade.quantity !== 0) continue;
    closed.push({ sleeve: fill.sleeve, symbol: fill.symbol, direction, openedAtMs: trade.openedAtMs, closedAtMs: fill.atMs, pnl: trade.pnl });
    const rest = snap(fill.quantity - closing);
    if (rest > 0) open.set(key, { quantity: Math.sign(signed) * rest, averagePrice: fill.price, pnl: -(fill.fee - closingFee), openedAtMs: fill.atMs });
    else open.delete(key);
  }
  return closed;
}
