import type { BookTicker } from '../../ports/exchangeGateway.ts';
import type { MarketSnapshot } from '../../risk/index.ts';
import type { SleeveDecision } from './liveTypes.ts';

export interface LiveMarketInputs {
  /** The venue's mark price now. */
  readonly markPrice: number;
  /** When the mark was read, epoch ms (the price collar's age). */
  readonly markTimeMs: number;
  /** The venue's best bid and ask now; undefined when not read (the spread is then unknown). */
  readonly book: Pick<BookTicker, 'bidPrice' | 'askPrice'> | undefined;
  /** The latest decision of a sleeve trading the symbol; undefined before its first bar. */
  readonly decision: Pick<SleeveDecision, 'atr' | 'barCloseTimeMs'> | undefined;
}

/**
 * One symbol's market as the live risk check sees it, with the guardrail inputs the backtest's gate
 * gives: spread = best ask − best bid (price units, as maxSpread divides it by the ATR), ATR of the
 * sleeve's closed bars, and the data age measured from the decision bar's close, not from the clock.
 * Anything unknown is NaN: the data-age check then fails closed, spread and volatility skip.
 */
export function marketSnapshotOf(inputs: LiveMarketInputs): MarketSnapshot {
  const { book, decision } = inputs;
  // A one-sided or crossed book gives no spread to trust.
  const spread = book !== undefined && book.bidPrice.gt(0) && book.askPrice.gte(book.bidPrice) ? book.askPrice.minus(book.bidPrice).toNumber() : Number.NaN;
  return {
    markPrice: inputs.markPrice,
    markTimeMs: inputs.markTimeMs,
    atr: decision === undefined ? Number.NaN : decision.atr,
    spread,
    dataTimeMs: decision === undefined ? Number.NaN : decision.barCloseTimeMs,
  };
}
