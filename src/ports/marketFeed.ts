import type { CandleSeries } from '../domain/market/candleSeries.ts';
import type { FundingSeries } from '../domain/market/fundingSeries.ts';

/** Market data as a paper or live runner sees it: only what had happened by `nowMs`. */
export interface MarketFeed {
  /**
   * Bars of `symbol` and `timeframe` closed by `nowMs` (open time + bar length ≤ nowMs), oldest
   * first; an empty series when there are none.
   */
  closedBars(symbol: string, timeframe: string, nowMs: number): Promise<CandleSeries>;
  /**
   * The last `count` bars of `symbol` and `timeframe` closed by `nowMs`, oldest first (fewer when the
   * feed holds fewer): what a runner polls each bar once its strategies are warm.
   */
  recentClosedBars(symbol: string, timeframe: string, nowMs: number, count: number): Promise<CandleSeries>;
  /** Funding rates settled by `nowMs`, or undefined when the feed has none for the symbol. */
  settledFunding(symbol: string, nowMs: number): Promise<FundingSeries | undefined>;
}
