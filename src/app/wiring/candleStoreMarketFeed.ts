import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { closedBars, recentClosedBars, settledFunding } from '../../engine/paper/closedBars.ts';
import type { CandleStore } from '../../ports/candleStore.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';

/**
 * The market feed over the candle store that `rampart data download` keeps filled. Every call
 * re-reads the store so bars downloaded since the last evaluation are seen.
 */
export class CandleStoreMarketFeed implements MarketFeed {
  constructor(private readonly store: CandleStore) {}

  async closedBars(symbol: string, timeframe: string, nowMs: number): Promise<CandleSeries> {
    const series = await this.store.loadCandles(symbol, timeframe);
    if (!series) return allocateCandleSeries(symbol, timeframe, 0);
    return closedBars(series, timeframeToMs(timeframe.replace(/-mark$/, '')), nowMs);
  }

  async recentClosedBars(symbol: string, timeframe: string, nowMs: number, count: number): Promise<CandleSeries> {
    const series = await this.store.loadCandles(symbol, timeframe);
    if (!series) return allocateCandleSeries(symbol, timeframe, 0);
    return recentClosedBars(series, timeframeToMs(timeframe.replace(/-mark$/, '')), nowMs, count);
  }

  async settledFunding(symbol: string, nowMs: number): Promise<FundingSeries | undefined> {
    const series = await this.store.loadFunding(symbol);
    return series ? settledFunding(series, nowMs) : undefined;
  }
}
