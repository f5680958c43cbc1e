import type { FillRecord } from '../../ports/tradeStore.ts';

/**
 * The PnL each fill realised: the closing part's price PnL against the average entry of the open
 * quantity, minus the fill's own fee — the store's `realizedPnl` split fill by fill (their sum per
 * account and symbol is the position's realizedPnl). Fills replayed in time order per account and symbol.
 */
export function realisedPnlByFill(fills: readonly FillRecord[]): Map<FillRecord, number> {
  const open = new Map<string, { quantity: number; averagePrice: number }>();
  const out = new Map<FillRecord, number>();
  for (const fill of [...fills].sort((a, b) => a.atMs - b.atMs || a.tradeId.localeCompare(b.tradeId))) {
    const key = `${fill.account}\u0000${fill.symbol}`;
    const position = open.get(key) ?? { quantity: 0, averagePrice: 0 };
    const quantity = Number(fill.quantity);
    const price = Number(fill.price);
    const signed = fill.side === 'BUY' ? quantity : -quantity;
    let pnl = 0 - Number(fill.fee); // 0 − 0 is 0, where −0 would print as a loss
    if (position.quantity === 0 || Math.sign(signed) === Math.sign(position.quantity)) {
      const size = Math.abs(position.quantity) + quantity;
      position.averagePrice = (Math.abs(position.quantity) * position.averagePrice + quantity * price) / size;
      position.quantity += signed;
    } else {
      const closed = Math.min(quantity, Math.abs(position.quantity));
      pnl += closed * (price - position.averagePrice) * Math.sign(position.quantity);
      // Quantities are exchange lots: a sum that should be 0 may carry float dust.
      position.quantity = Math.abs(position.quantity + signed) < 1e-12 ? 0 : position.quantity + signed;
      // A fill that reverses the position opens the rest at its own price.
      if (Math.abs(signed) > closed) position.averagePrice = price;
      if (position.quantity === 0) position.averagePrice = 0;
    }
    open.set(key, position);
    out.set(fill, pnl);
  }
  return out;
}
