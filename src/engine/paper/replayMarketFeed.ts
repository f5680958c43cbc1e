import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import { closedBars, recentClosedBars, settledFunding } from './closedBars.ts';

/**
 * A feed over series already in memory that reveals bars only once they have closed on the caller's
 * clock: what drives a paper session through history (tests, replays) exactly as it would live.
 */
export class ReplayMarketFeed implements MarketFeed {
  constructor(
    private readonly candles: ReadonlyMap<string, CandleSeries>,
    private readonly funding: ReadonlyMap<string, FundingSeries> = new Map(),
  ) {}

  /** Key of a series in the `candles` map. */
  static key(symbol: string, timeframe: string): string {
    return `${symbol}|${timeframe}`;
  }

  async closedBars(symbol: string, timeframe: string, nowMs: number): Promise<CandleSeries> {
    const series = this.candles.get(ReplayMarketFeed.key(symbol, timeframe));
    if (!series) return allocateCandleSeries(symbol, timeframe, 0);
    return closedBars(series, timeframeToMs(timeframe.replace(/-mark$/, '')), nowMs);
  }

  async recentClosedBars(symbol: string, timeframe: string, nowMs: number, count: number): Promise<CandleSeries> {
    const series = this.candles.get(ReplayMarketFeed.key(symbol, timeframe));
    if (!series) return allocateCandleSeries(symbol, timeframe, 0);
    return recentClosedBars(series, timeframeToMs(timeframe.replace(/-mark$/, '')), nowMs, count);
  }

  async settledFunding(symbol: string, nowMs: number): Promise<FundingSeries | undefined> {
    const series = this.funding.get(symbol);
    return series ? settledFunding(series, nowMs) : undefined;
  }
}
