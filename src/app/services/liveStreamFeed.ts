import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { ExchangeGateway, VenueCandle } from '../../ports/exchangeGateway.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import { venueCandleSeries } from './venueCandleSeries.ts';

/** Closed bars kept per symbol: far more than a bar loop ever asks for between two polls. */
const KEPT_BARS = 1_000;

/**
 * Bars for `--ws`: closed bars as the market streams deliver them (MarketStreamWatch: in order, each
 * once, back-filled over REST after a reconnect). The history a strategy warms up on comes over REST
 * once, merged with the streamed bars; bars the stream still shows as forming are left out of it.
 */
export class StreamBarsFeed implements MarketFeed {
  private readonly closed = new Map<string, VenueCandle[]>();
  private readonly formingOpenMs = new Map<string, number>();

  constructor(
    private readonly gateway: ExchangeGateway,
    private readonly barsToLoad = 500,
  ) {}

  /** The streams' handler: closed bars are kept, the forming bar's open time remembered. */
  readonly onCandle = (candle: VenueCandle, closed: boolean): void => {
    if (!closed) {
      this.formingOpenMs.set(candle.symbol, candle.openTimeMs);
      return;
    }
    const bars = this.closed.get(candle.symbol) ?? [];
    bars.push(candle);
    if (bars.length > KEPT_BARS) bars.splice(0, bars.length - KEPT_BARS);
    this.closed.set(candle.symbol, bars);
  };

  /** Open time of the newest closed bar the stream delivered for `symbol`, NaN before the first. */
  lastClosedOpenMs(symbol: string): number {
    return this.closed.get(symbol)?.at(-1)?.openTimeMs ?? Number.NaN;
  }

  async recentClosedBars(symbol: string, timeframe: string, nowMs: number, count: number): Promise<CandleSeries> {
    const barMs = timeframeToMs(timeframe);
    const bars = (this.closed.get(symbol) ?? []).filter((candle) => candle.openTimeMs + barMs <= nowMs);
    return venueCandleSeries(symbol, timeframe, bars.slice(-count));
  }

  async closedBars(symbol: string, timeframe: string, nowMs: number): Promise<CandleSeries> {
    // Mark-price candles are not used live: funding is the venue's own.
    if (timeframe.endsWith('-mark')) return allocateCandleSeries(symbol, timeframe, 0);
    const barMs = timeframeToMs(timeframe);
    const formingMs = this.formingOpenMs.get(symbol) ?? Number.POSITIVE_INFINITY;
    const byOpenMs = new Map<number, VenueCandle>();
    for (const candle of await this.gateway.fetchCandles(symbol, timeframe, undefined, this.barsToLoad + 1)) {
      if (candle.openTimeMs + barMs <= nowMs && candle.openTimeMs < formingMs) byOpenMs.set(candle.openTimeMs, candle);
    }
    // The stream's closed bars are final; they replace what REST returned for the same open time.
    for (const candle of this.closed.get(symbol) ?? []) if (candle.openTimeMs + barMs <= nowMs) byOpenMs.set(candle.openTimeMs, candle);
    const bars = [...byOpenMs.values()].sort((a, b) => a.openTimeMs - b.openTimeMs).slice(-this.barsToLoad);
    return venueCandleSeries(symbol, timeframe, bars);
  }

  async settledFunding(): Promise<undefined> {
    return undefined;
  }
}
