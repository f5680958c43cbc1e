import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { DecisionSource, SleeveDecision } from '../../engine/live/liveTypes.ts';
import type { ExchangeGateway, VenueCandle } from '../../ports/exchangeGateway.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { replayPaperSession } from './paperEvaluation.ts';
import { venueCandleSeries } from './venueCandleSeries.ts';

/** Closed bars polled over REST through the gateway (streams are a separate feed). */
export class GatewayMarketFeed implements MarketFeed {
  constructor(
    private readonly gateway: ExchangeGateway,
    private readonly barsToLoad = 500,
  ) {}

  async closedBars(symbol: string, timeframe: string, nowMs: number): Promise<CandleSeries> {
    return this.recentClosedBars(symbol, timeframe, nowMs, this.barsToLoad);
  }

  async recentClosedBars(symbol: string, timeframe: string, nowMs: number, count: number): Promise<CandleSeries> {
    // Mark-price candles are not used live: funding is the venue's own.
    if (timeframe.endsWith('-mark')) return allocateCandleSeries(symbol, timeframe, 0);
    const barMs = timeframeToMs(timeframe);
    const closedByNow = (candle: VenueCandle): boolean => candle.openTimeMs + barMs <= nowMs;
    // The newest bars, one more than asked: the venue's newest kline is usually the bar still forming.
    let candles = await this.gateway.fetchCandles(symbol, timeframe, undefined, count + 1);
    if (candles.filter(closedByNow).length < candles.length - 1) {
      // nowMs lies further back than the forming bar: ask from before the count-th bar closed by then
      // (one bar earlier: weekly bars do not open at multiples of a week since the epoch).
      candles = await this.gateway.fetchCandles(symbol, timeframe, (Math.floor(nowMs / barMs) - count - 1) * barMs, count + 2);
    }
    candles = candles.filter(closedByNow).slice(-count);
    return venueCandleSeries(symbol, timeframe, candles);
  }

  async settledFunding(): Promise<undefined> {
    return undefined;
  }
}

/**
 * The latest decision of each of the account's sleeves (kept for `rampart consistency` and comparisons;
 * the live runner uses the incremental source): the paper evaluation's replay (same
 * strategies, same engine) over the bars the feed has closed by now, reduced to its last decision.
 */
export function replayDecisionSource(loaded: LoadedConfig, feed: MarketFeed, account: string): DecisionSource {
  return async (nowMs) => {
    const outcome = await replayPaperSession({ loaded, feed, nowMs, startMs: 0, commands: [] });
    const result = outcome.result;
    if (result === undefined) return [];
    const latest = new Map<string, { target: number; stopDistance: number; timeMs: number }>();
    for (const decision of result.decisions) latest.set(decision.sleeve, decision);
    const decisions: SleeveDecision[] = [];
    for (const sleeve of outcome.sleeves) {
      if (sleeve.account !== account) continue;
      const decision = latest.get(sleeve.name);
      // Sized at the last closed bar's close, as the incremental source sizes.
      const bars = await feed.closedBars(sleeve.symbol, loaded.config.data.timeframe, nowMs);
      decisions.push({
        sleeve: sleeve.name,
        symbol: sleeve.symbol,
        strategy: sleeve.strategy,
        weight: sleeve.weight,
        target: decision?.target ?? 0,
        stopDistance: decision?.stopDistance ?? Number.NaN,
        confidence: Number.NaN,
        barTimeMs: outcome.journal.lastBarTimeMs,
        referencePrice: bars.length > 0 ? bars.close[bars.length - 1] : Number.NaN,
        barCloseTimeMs: outcome.journal.lastBarTimeMs + timeframeToMs(loaded.config.data.timeframe),
        // The replay keeps no per-decision confidence or ATR: the guardrails that read them skip.
        atr: Number.NaN,
      });
    }
    return decisions;
  };
}
