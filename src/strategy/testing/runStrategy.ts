/**
 * Drives a strategy over columns of bars with a simple position model, for strategy tests only
 * (the engine is the real thing): a target decided at bar i's close fills at bar i+1's open, a
 * finite stopDistance places a stop at fill ∓ distance, and stops run intrabar against high/low.
 */
import type { Bar, Strategy } from '../strategy.ts';

export interface BarColumns {
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume?: ArrayLike<number>;
}

export interface StrategyRun {
  /** signal.target the strategy left at each bar's close. */
  readonly target: Float64Array;
  /** signal.stopDistance at each bar's close (NaN when none). */
  readonly stopDistance: Float64Array;
  /** Position side the strategy was shown at each bar's close. */
  readonly side: Float64Array;
  /** position.barsHeld the strategy was shown at each bar's close. */
  readonly barsHeld: Float64Array;
  /** Bars (0-based) whose intrabar range hit the protective stop. */
  readonly stoppedAtBars: number[];
}

/** Runs `strategy` over the first `length` bars of `bars` (default: all of them). */
export function runStrategy(strategy: Strategy, bars: BarColumns, length = bars.close.length): StrategyRun {
  const run: StrategyRun = {
    target: new Float64Array(length),
    stopDistance: new Float64Array(length),
    side: new Float64Array(length),
    barsHeld: new Float64Array(length),
    stoppedAtBars: [],
  };
  const bar: Bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const position = { side: 0, target: 0, barsHeld: 0 };
  const signal = { target: 0, stopDistance: NaN, takeProfitDistance: NaN, confidence: NaN };
  let pendingTarget = 0;
  let pendingStopDistance = NaN;
  let stopPrice = NaN;
  for (let i = 0; i < length; i++) {
    const open = bars.open[i];
    if (pendingTarget !== position.target) {
      const newSide = Math.sign(pendingTarget);
      if (newSide !== position.side) position.barsHeld = 0;
      if (newSide === 0) stopPrice = NaN;
      else if (Number.isFinite(pendingStopDistance)) stopPrice = open - newSide * pendingStopDistance;
      else if (newSide !== position.side) stopPrice = NaN;
      position.side = newSide;
      position.target = pendingTarget;
    }
    const stopped =
      (position.side > 0 && bars.low[i] <= stopPrice) || (position.side < 0 && bars.high[i] >= stopPrice);
    if (stopped) {
      run.stoppedAtBars.push(i);
      position.side = 0;
      position.target = 0;
      position.barsHeld = 0;
      stopPrice = NaN;
    }
    if (position.side !== 0) position.barsHeld++;

    bar.time = i;
    bar.open = open;
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.volume = bars.volume ? bars.volume[i] : 0;
    signal.target = position.target;
    signal.stopDistance = NaN;
    signal.takeProfitDistance = NaN;
    signal.confidence = NaN;
    run.side[i] = position.side;
    run.barsHeld[i] = position.barsHeld;
    strategy.onBar(bar, position, signal);
    run.target[i] = signal.target;
    run.stopDistance[i] = signal.stopDistance;
    pendingTarget = signal.target;
    pendingStopDistance = signal.stopDistance;
  }
  return run;
}

/** Bars whose open, high, low and close all equal the given closes (for close-only strategies). */
export function barsFromCloses(closes: ArrayLike<number>): BarColumns {
  return { open: closes, high: closes, low: closes, close: closes };
}
