import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { StepGrid } from '../../domain/money/stepGrid.ts';
import type { Bar, PositionView, Signal, Strategy } from '../../strategy/strategy.ts';
import { TrueRangeWindow } from '../risk/trueRangeWindow.ts';
import { simulatedFillPriceOnGrid } from '../simulated/simulatedFillPrice.ts';
import { clampTarget } from '../sleeve/clampTarget.ts';
import { StrategyError } from '../../domain/errors/strategyError.ts';
import { checkStrategyTarget } from '../sleeve/checkStrategyTarget.ts';
import { increasesPosition } from '../sleeve/increasesPosition.ts';
import { stopPriceFromFill } from '../sleeve/stopPriceFromFill.ts';
import { takeProfitPriceFromFill } from '../sleeve/takeProfitPriceFromFill.ts';
import type { SleeveDecision } from './liveTypes.ts';
import { isSet, UNSET } from '../unset.ts';

/** The sleeve a tracker decides for, as the decision names it. */
export interface TrackedSleeve {
  readonly name: string;
  readonly symbol: string;
  readonly weight: number;
}

/** The engine settings the shadow position follows (the backtest kernel's for the same config). */
export interface TrackerSettings {
  /** Bar length, ms (a decision's bar closes at its open time plus this). */
  readonly barMs: number;
  readonly allowShort: boolean;
  readonly slippageBps: number;
  readonly tickSize: number;
}

/**
 * One sleeve's strategy, fed each closed bar exactly once. Until the newest bar it follows a shadow
 * position (the strategy's own targets filled at the next open, its protective stop hit intrabar, as
 * the backtest kernel does, with the kernel's rules from engine/sleeve); from the newest bar on, the
 * position it is shown is the venue's.
 */
export class SleeveDecisionTracker {
  private strategy: Strategy;
  private readonly ticks: StepGrid;
  private readonly bar: Bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  private readonly signal: Signal = { target: 0, stopDistance: Number.NaN, takeProfitDistance: Number.NaN, confidence: Number.NaN };
  private readonly view: { -readonly [K in keyof PositionView]: PositionView[K] } = { side: 0, target: 0, barsHeld: 0 };
  /** Open time of the last bar fed; NaN before the first. */
  lastBarTimeMs = Number.NaN;
  /** Close of the last bar fed: the reference price the decision is sized at. */
  private lastClose = Number.NaN;
  /** Stop distance of the decision that set the current target (a hold keeps it). */
  private stopDistance = Number.NaN;
  /** Take-profit distance of the decision that set the current target (a hold keeps it). */
  private takeProfitDistance = Number.NaN;
  /** Confidence of the decision that set the current target (NaN when the strategy gives none). */
  private confidence = Number.NaN;
  /** True ranges of the bars fed: the decision's ATR for the guardrails. */
  private readonly ranges = new TrueRangeWindow();
  /** Target decided at the last close, acted on at the next bar; NaN when none. */
  private pendingTarget = UNSET;
  private pendingStopDistance = Number.NaN;
  private shadowStopPrice = Number.NaN;
  private pendingTakeProfitDistance = Number.NaN;
  private shadowTakeProfitPrice = Number.NaN;

  constructor(
    readonly sleeve: TrackedSleeve,
    readonly strategyName: string,
    private readonly createFresh: () => Strategy,
    private readonly settings: TrackerSettings,
  ) {
    this.strategy = createFresh();
    this.ticks = new StepGrid(settings.tickSize);
  }

  /** A fresh strategy fed `bars[0, end)` over the shadow position (start, restart, or after a gap). */
  warm(bars: CandleSeries, end: number): void {
    this.reset();
    for (let i = 0; i < end; i++) this.onShadowBar(bars, i);
  }

  /** A fresh strategy over a flat shadow position, no bar fed yet. */
  reset(): void {
    this.strategy = this.createFresh();
    this.view.side = 0;
    this.view.target = 0;
    this.view.barsHeld = 0;
    this.stopDistance = Number.NaN;
    this.takeProfitDistance = Number.NaN;
    this.confidence = Number.NaN;
    this.ranges.reset();
    this.pendingTarget = UNSET;
    this.pendingStopDistance = Number.NaN;
    this.shadowStopPrice = Number.NaN;
    this.pendingTakeProfitDistance = Number.NaN;
    this.shadowTakeProfitPrice = Number.NaN;
    this.lastBarTimeMs = Number.NaN;
    this.lastClose = Number.NaN;
  }

  /**
   * Bar `i` with the shadow position: the pending target fills at its open (a change of side closes
   * first, so the new side grows from flat), the stop may hit, then the strategy decides.
   */
  onShadowBar(bars: CandleSeries, i: number): void {
    const view = this.view;
    if (isSet(this.pendingTarget)) {
      const target = this.pendingTarget;
      const side = Math.sign(target);
      const increasing = increasesPosition(side === view.side ? view.target : 0, target);
      view.target = target;
      if (side !== view.side) {
        view.side = side;
        view.barsHeld = 0;
        this.shadowStopPrice = Number.NaN;
        this.shadowTakeProfitPrice = Number.NaN;
      }
      if (increasing && (this.pendingStopDistance > 0 || this.pendingTakeProfitDistance > 0)) {
        const fillPrice = simulatedFillPriceOnGrid(bars.open[i], side, this.settings.slippageBps, this.ticks);
        if (this.pendingStopDistance > 0) this.shadowStopPrice = stopPriceFromFill(fillPrice, side, this.pendingStopDistance);
        if (this.pendingTakeProfitDistance > 0) this.shadowTakeProfitPrice = takeProfitPriceFromFill(fillPrice, side, this.pendingTakeProfitDistance);
      }
      this.pendingTarget = UNSET;
    }
    const stop = this.shadowStopPrice;
    const takeProfit = this.shadowTakeProfitPrice;
    // Either exit closes the shadow position (which of the two fills first changes only the price, not the side).
    if ((view.side > 0 && (bars.low[i] <= stop || bars.high[i] >= takeProfit)) || (view.side < 0 && (bars.high[i] >= stop || bars.low[i] <= takeProfit))) {
      view.side = 0;
      view.target = 0;
      view.barsHeld = 0;
      this.shadowStopPrice = Number.NaN;
      this.shadowTakeProfitPrice = Number.NaN;
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
    if (isSet(this.pendingTarget)) {
      view.target = this.pendingTarget;
      this.pendingTarget = UNSET;
    }
    if (venueSide !== 0) {
      view.barsHeld = venueSide === previousSide ? view.barsHeld + 1 : 1;
    } else {
      view.barsHeld = 0;
      if (previousSide !== 0 && Math.sign(view.target) === previousSide) view.target = 0;
    }
    view.side = venueSide;
    this.shadowStopPrice = Number.NaN;
    this.shadowTakeProfitPrice = Number.NaN;
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
    const preset = (signal.target = this.view.target);
    signal.stopDistance = Number.NaN;
    signal.takeProfitDistance = Number.NaN;
    signal.confidence = Number.NaN;
    try {
      this.strategy.onBar(bar, this.view, signal);
      // Fails closed as the kernel does: no order comes from a target outside [-1, 1] or a NaN the strategy wrote.
      checkStrategyTarget(signal.target, preset, this.sleeve.name, this.strategyName, bar.time);
    } catch (error) {
      throw new StrategyError(this.sleeve.name, this.strategyName, bar.time, error);
    }
    this.lastBarTimeMs = bar.time;
    this.lastClose = bar.close;
    this.ranges.add(bar.high, bar.low, bar.close);
    const target = clampTarget(signal.target, this.settings.allowShort);
    if (!isSet(target)) return;
    if (target === this.view.target) return;
    this.pendingTarget = target;
    this.pendingStopDistance = signal.stopDistance;
    this.stopDistance = signal.stopDistance;
    this.pendingTakeProfitDistance = signal.takeProfitDistance;
    this.takeProfitDistance = signal.takeProfitDistance;
    this.confidence = signal.confidence;
  }

  /** The sleeve's decision at the last bar fed: the target now wanted, its stop distance and its reference price. */
  decision(): SleeveDecision {
    const pending = this.pendingTarget;
    return {
      sleeve: this.sleeve.name,
      symbol: this.sleeve.symbol,
      strategy: this.strategyName,
      weight: this.sleeve.weight,
      target: isSet(pending) ? pending : this.view.target,
      stopDistance: this.stopDistance,
      takeProfitDistance: this.takeProfitDistance,
      confidence: this.confidence,
      barTimeMs: this.lastBarTimeMs,
      referencePrice: this.lastClose,
      barCloseTimeMs: this.lastBarTimeMs + this.settings.barMs,
      atr: this.ranges.atr(),
      ...refusalOf(this.strategy),
    };
  }
}

/** The strategy's refusal at its last bar, as a decision field (absent when it decided). */
function refusalOf(strategy: Strategy): { strategyRefusal?: string } {
  const reason = strategy.refusalReason?.();
  return reason === undefined ? {} : { strategyRefusal: reason };
}
