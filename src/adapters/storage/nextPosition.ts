import { Decimal } from 'decimal.js';
import type { FillRecord, PositionRecord } from '../../ports/tradeStore.ts';

// Averaging entry prices divides; 40 significant digits keep the quotient far beyond any venue's tick.
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

/** Text without exponent notation, as the store keeps it. */
function text(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * The net position after one fill (one-way mode): fills on the side of the position add to it at an
 * averaged entry price; opposite fills close at the entry price, realising PnL, and any excess opens
 * the other side at the fill price. Every fill's fee is subtracted from realised PnL.
 */
export function nextPosition(previous: PositionRecord | undefined, fill: FillRecord): PositionRecord {
  const quantity = new Exact(previous?.quantity ?? '0');
  const entryPrice = new Exact(previous?.entryPrice ?? '0');
  let realizedPnl = new Exact(previous?.realizedPnl ?? '0').minus(fill.fee);
  const price = new Exact(fill.price);
  const delta = fill.side === 'BUY' ? new Exact(fill.quantity) : new Exact(fill.quantity).negated();
  const after = quantity.plus(delta);

  let nextEntry: Decimal;
  if (quantity.isZero() || quantity.isPositive() === delta.isPositive()) {
    nextEntry = quantity.abs().times(entryPrice).plus(delta.abs().times(price)).dividedBy(after.abs());
  } else {
    const closed = Decimal.min(quantity.abs(), delta.abs());
    const pnlPerUnit = quantity.isPositive() ? price.minus(entryPrice) : entryPrice.minus(price);
    realizedPnl = realizedPnl.plus(closed.times(pnlPerUnit));
    if (after.isZero()) nextEntry = new Exact(0);
    else if (after.isPositive() === quantity.isPositive()) nextEntry = entryPrice;
    else nextEntry = price;
  }

  return {
    account: fill.account,
    symbol: fill.symbol,
    quantity: text(after),
    entryPrice: text(nextEntry),
    realizedPnl: text(realizedPnl),
    updatedAtMs: fill.atMs,
  };
}
