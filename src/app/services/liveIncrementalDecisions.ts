import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { DecisionSource, SleeveDecision, VenuePositions } from '../../engine/live/liveTypes.ts';
import { TrueRangeWindow } from '../../engine/risk/trueRangeWindow.ts';
import { simulatedFillPrice } from '../../engine/simulated/simulatedFillPrice.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { Bar, PositionView, Signal, Strategy } from '../../strategy/strategy.ts';
import type { SleeveConfig } from '../config/configSchema.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createStrategy, loadStrategyDefinition } from './loadStrategy.ts';
import { engineSettingsFrom } from './runBacktest.ts';

/** Bars asked for per bar once warm: a few, so a late poll still sees every bar it missed. */
const RECENT_BARS = 5;

interface SleeveSettings {
  /** Bar length, ms (a decision's bar closes at its open time plus this). */
  readonly barMs: number;
  readonly allowShort: boolean;
  readonly slippageBps: number;
  readonly tickSize: number;
}

/**
 * One sleeve's strategy, fed each closed bar exactly once. Until the newest bar it follows a shadow
 * position (the strategy's own targets filled at the next open, its protective stop hit intrabar, as
 * the backtest kernel does); from the newest bar on, the position it is shown is the venue's.
 */
export class SleeveDecisionTracker {
  private strategy: Strategy;
  private readonly bar: Bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  private readonly signal: Signal = { target: 0, stopDistance: Number.NaN, confidence: Number.NaN };
  private readonly view: { -readonly [K in keyof PositionView]: PositionView[K] } = { side: 0, target: 0, barsHeld: 0 };
  /** Open time of the last bar fed; NaN before the first. */
  lastBarTimeMs = Number.NaN;
  /** Stop distance of the decision that set the current target (a hold keeps it). */
  private stopDistance = Number.NaN;
  /** Confidence of the decision that set the current target. */
  private confidence = Number.NaN;
  /** True ranges of the bars fed: the decision's ATR for the guardrails. */
  private readonly ranges = new TrueRangeWindow();
  /** Target decided at the last close, acted on at the next bar; NaN when none. */
  private pendingTarget = Number.NaN;
  private pendingStopDistance = Number.NaN;
  private shadowStopPrice = Number.NaN;

  constructor(
    readonly sleeve: SleeveConfig,
    readonly strategyName: string,
    private readonly createFresh: () => Strategy,
    private readonly settings: SleeveSettings,
  ) {
    this.strategy = createFresh();
  }

  /** A fresh strategy fed `bars[0, end)` over the shadow position (start, restart, or after a gap). */
  warm(bars: CandleSeries, end: number): void {
    this.strategy = this.createFresh();
    this.view.side = 0;
    this.view.target = 0;
    this.view.barsHeld = 0;
    this.stopDistance = Number.NaN;
    this.confidence = Number.NaN;
    this.ranges.reset();
    this.pendingTarget = Number.NaN;
    this.pendingStopDistance = Number.NaN;
    this.shadowStopPrice = Number.NaN;
    this.lastBarTimeMs = Number.NaN;
    for (let i = 0; i < end; i++) this.onShadowBar(bars, i);
  }

  /** Bar `i` with the shadow position: the pending target fills at its open, the stop may hit, then the strategy decides. */
  private onShadowBar(bars: CandleSeries, i: number): void {
    const view = this.view;
    if (this.pendingTarget === this.pendingTarget) {
      const target = this.pendingTarget;
      const side = Math.sign(target);
      const increasing = side !== 0 && (side !== view.side || Math.abs(target) > Math.abs(view.target));
      view.target = target;
      if (side !== view.side) {
        view.side = side;
        view.barsHeld = 0;
        this.shadowStopPrice = Number.NaN;
      }
      if (increasing && this.pendingStopDistance > 0) {
        this.shadowStopPrice = simulatedFillPrice(bars.open[i], side, this.settings.slippageBps, this.settings.tickSize) - side * this.pendingStopDistance;
      }
      this.pendingTarget = Number.NaN;
    }
    const stop = this.shadowStopPrice;
    if ((view.side > 0 && bars.low[i] <= stop) || (view.side < 0 && bars.high[i] >= stop)) {
      view.side = 0;
      view.target = 0;
      view.barsHeld = 0;
      this.shadowStopPrice = Number.NaN;
    }
    if (view.side !== 0) view.barsHeld++;
    this.decideAt(bars, i);
  }

  /**
   * Bar `i` with the venue's position: side is the venue's sign; the target is the one acted on at the
   * last close, or 0 once the venue closed that position (protective stop, liquidation).
   */
  onLiveBar(bars: CandleSeries, i: number, venueSide: number): SleeveDecision {
    const view = this.view;
    const previousSide = view.side;
    if (this.pendingTarget === this.pendingTarget) {
      view.target = this.pendingTarget;
      this.pendingTarget = Number.NaN;
    }
    if (venueSide !== 0) {
      view.barsHeld = venueSide === previousSide ? view.barsHeld + 1 : 1;
    } else {
      view.barsHeld = 0;
      if (previousSide !== 0 && Math.sign(view.target) === previousSide) view.target = 0;
    }
    view.side = venueSide;
    this.shadowStopPrice = Number.NaN;
    this.decideAt(bars, i);
    return this.decision();
  }

  /** The strategy at bar `i`'s close; a changed target (clamped as the kernel does) becomes pending. */
  private decideAt(bars: CandleSeries, i: number): void {
    const bar = this.bar;
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.volume = bars.volume[i];
    const signal = this.signal;
    signal.target = this.view.target;
    signal.stopDistance = Number.NaN;
    signal.confidence = Number.NaN;
    this.strategy.onBar(bar, this.view, signal);
    this.lastBarTimeMs = bar.time;
    this.ranges.add(bar.high, bar.low, bar.close);
    const requested = signal.target;
    if (!(requested === requested)) return;
    let target = requested > 1 ? 1 : requested < -1 ? -1 : requested;
    if (target < 0 && !this.settings.allowShort) target = 0;
    if (target === this.view.target) return;
    this.pendingTarget = target;
    this.pendingStopDistance = signal.stopDistance;
    this.stopDistance = signal.stopDistance;
    this.confidence = signal.confidence;
  }

  /** The sleeve's decision at the last bar fed: the target now wanted and its stop distance. */
  decision(): SleeveDecision {
    const pending = this.pendingTarget;
    return {
      sleeve: this.sleeve.name,
      symbol: this.sleeve.symbol,
      strategy: this.strategyName,
      weight: this.sleeve.weight,
      target: pending === pending ? pending : this.view.target,
      stopDistance: this.stopDistance,
      barTimeMs: this.lastBarTimeMs,
      barCloseTimeMs: this.lastBarTimeMs + this.settings.barMs,
      confidence: this.confidence,
      atr: this.ranges.atr(),
    };
  }
}

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
      const definition = await loadStrategyDefinition(sleeve.strategy, baseDir);
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
