/** What the ledger reads of a sleeve to mark the account. */
export interface MarkedSleeve {
  unrealizedPnl(): number;
  /** Isolated margin the sleeve's open position locks. */
  margin(): number;
}

/**
 * The account: wallet cash (realized PnL, fees and funding applied) and the sleeves' open positions.
 * Equity is cash plus every position marked at its sleeve's last seen price. Generic over the sleeve
 * (a SleeveBook in every engine; sleeveBook.ts names that `Ledger`) so this file needs no import of it.
 */
export class Ledger<Sleeve extends MarkedSleeve = MarkedSleeve> {
  // A double from the start (NaN until the constructor sets it): declared bare it would be stored
  // tagged, and every store of a double would allocate a heap number; declared 0 it would be a small
  // integer until the first fee, and changing representation then discards the optimised code.
  cash = Number.NaN;
  liquidations = 0;
  readonly sleeves: Sleeve[] = [];

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
