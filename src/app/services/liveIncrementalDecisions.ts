import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { DecisionSource, SleeveDecision, VenuePositions } from '../../engine/live/liveTypes.ts';
import { SleeveDecisionTracker } from '../../engine/live/sleeveDecisionTracker.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { Strategy } from '../../strategy/strategy.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createStrategy, loadStrategyDefinition } from './loadStrategy.ts';
import { engineSettingsFrom } from './runBacktest.ts';

/** Bars asked for per bar once warm: a few, so a late poll still sees every bar it missed. */
const RECENT_BARS = 5;

/**
 * Streaming decisions for the account's sleeves: one Strategy per sleeve, created as the backtest
 * creates it, fed every newly closed bar once. Warm-up on the first call (and again after a gap in
 * the feed) replays the feed's history over a shadow position; the newest bar sees the venue's.
 */
export class IncrementalDecisions {
  private trackers: SleeveDecisionTracker[] | undefined;
  private readonly barMs: number;
  /** Bar gaps that forced a re-warm (logged by the caller if wanted). */
  rewarmCount = 0;
  /** Trackers warmed by prepare: their first bar reads the feed's history (a stream feed may hold no bar yet). */
  private readonly prepared = new Set<SleeveDecisionTracker>();

  constructor(
    private readonly loaded: LoadedConfig,
    private readonly feed: MarketFeed,
    private readonly account: string,
  ) {
    this.barMs = timeframeToMs(loaded.config.data.timeframe);
  }

  readonly decide: DecisionSource = async (nowMs, positions) => {
    const trackers = this.trackers ?? (this.trackers = await this.createTrackers());
    const decisions: SleeveDecision[] = [];
    for (const tracker of trackers) {
      const decision = await this.advance(tracker, nowMs, positions);
      if (decision !== undefined) decisions.push(decision);
    }
    return decisions;
  };

  /**
   * Work that does not need the next bar, done before it arrives (at start): strategies loaded and
   * warmed on the history closed by `nowMs` except its newest bar, which the first decide feeds live
   * as it would without this. Bars closed in between are then fed live as on any later bar.
   */
  readonly prepare = async (nowMs: number): Promise<void> => {
    const trackers = this.trackers ?? (this.trackers = await this.createTrackers());
    const timeframe = this.loaded.config.data.timeframe;
    for (const tracker of trackers) {
      if (tracker.lastBarTimeMs === tracker.lastBarTimeMs) continue;
      const history = await this.feed.closedBars(tracker.sleeve.symbol, timeframe, nowMs);
      if (history.length < 2) continue;
      tracker.warm(history, history.length - 1);
      this.prepared.add(tracker);
    }
  };

  private async createTrackers(): Promise<SleeveDecisionTracker[]> {
    const { config, baseDir } = this.loaded;
    const engine = engineSettingsFrom(config);
    const trackers: SleeveDecisionTracker[] = [];
    for (const [index, sleeve] of config.sleeves.entries()) {
      if (sleeve.account !== this.account) continue;
      const definition = await loadStrategyDefinition(sleeve.strategy, baseDir, config.data.timeframe);
      const filters = { ...config.instrument, ...sleeve.instrument };
      const create = (): Strategy => createStrategy(definition, sleeve.params, `sleeves[${index}].params`);
      trackers.push(new SleeveDecisionTracker(sleeve, definition.name, create, { barMs: this.barMs, allowShort: engine.allowShort, slippageBps: engine.slippageBps, tickSize: filters.tickSize }));
    }
    return trackers;
  }

  /** Feeds the bars closed since the tracker's last one; undefined while the feed has no bar at all. */
  private async advance(tracker: SleeveDecisionTracker, nowMs: number, positions: VenuePositions): Promise<SleeveDecision | undefined> {
    const { symbol } = tracker.sleeve;
    const timeframe = this.loaded.config.data.timeframe;
    const quantity = positions.get(symbol)?.quantity;
    const side = quantity === undefined || quantity.isZero() ? 0 : quantity.s;
    const last = tracker.lastBarTimeMs;
    const prepared = this.prepared.delete(tracker);
    if (last === last && !prepared) {
      const recent = await this.feed.recentClosedBars(symbol, timeframe, nowMs, RECENT_BARS);
      const next = firstAfter(recent, last);
      if (next === recent.length) return tracker.decision();
      if (recent.time[next] === last + this.barMs) {
        const decision = this.feedLive(tracker, recent, next, side);
        if (decision !== undefined) return decision;
      }
    }
    const history = await this.feed.closedBars(symbol, timeframe, nowMs);
    if (history.length === 0) return undefined;
    if (last === last) {
      const next = firstAfter(history, last);
      if (next === history.length) return tracker.decision();
      if (next > 0 && history.time[next] === last + this.barMs && history.time[next - 1] === last) {
        const decision = this.feedLive(tracker, history, next, side);
        if (decision !== undefined) return decision;
      }
      // A gap (or a feed that no longer holds our last bar): the strategy's state would skip bars.
      this.rewarmCount++;
    }
    tracker.warm(history, history.length - 1);
    return tracker.onLiveBar(history, history.length - 1, side);
  }

  /** Feeds bars[from…] live; undefined (nothing fed) when they hold a hole, so the caller re-warms. */
  private feedLive(tracker: SleeveDecisionTracker, bars: CandleSeries, from: number, side: number): SleeveDecision | undefined {
    for (let i = from + 1; i < bars.length; i++) if (bars.time[i] !== bars.time[i - 1] + this.barMs) return undefined;
    let decision = tracker.decision();
    for (let i = from; i < bars.length; i++) decision = tracker.onLiveBar(bars, i, side);
    return decision;
  }
}

function firstAfter(bars: CandleSeries, timeMs: number): number {
  let index = bars.length;
  while (index > 0 && bars.time[index - 1] > timeMs) index--;
  return index;
}

/** The incremental decision source of `account` (the live runner's default). */
export function incrementalDecisionSource(loaded: LoadedConfig, feed: MarketFeed, account: string): DecisionSource {
  return new IncrementalDecisions(loaded, feed, account).decide;
}
