import type { SleeveBook } from './sleeveBook.ts';

/**
 * The account: wallet cash (realized PnL, fees and funding applied) and the sleeves' open positions.
 * Equity is cash plus every position marked at its sleeve's last seen price.
 */
export class Ledger {
  // A number from the start, never declared bare: a field first defined as undefined keeps a tagged
  // representation, and every later store of a double into it allocates a heap number.
  cash = 0;
  liquidations = 0;
  readonly sleeves: SleeveBook[] = [];

  constructor(initialCapital: number) {
    this.cash = initialCapital;
  }

  equity(): number {
    let equity = this.cash;
    const sleeves = this.sleeves;
    for (let s = 0; s < sleeves.length; s++) equity += sleeves[s].unrealizedPnl();
    return equity;
  }

  /** Isolated margin locked by the open positions. */
  lockedMargin(): number {
    let locked = 0;
    const sleeves = this.sleeves;
    for (let s = 0; s < sleeves.length; s++) locked += sleeves[s].margin();
    return locked;
  }
}
