import type { Bar } from '../../strategy.ts';
import type { FeatureComputer } from './featureComputer.ts';
import { PandasEwm } from './pandasEwm.ts';

/** Ring of the last `size` values. */
class Ring {
  readonly values: Float64Array;
  count = 0;
  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }
  /** Pushes `x`; returns the value pushed `size` pushes ago (NaN until there is one). */
  push(x: number): number {
    const slot = this.count % this.size;
    const old = this.count >= this.size ? this.values[slot] : Number.NaN;
    this.values[slot] = x;
    this.count++;
    return old;
  }
}

/** `ret_N`: close / close N bars earlier − 1. */
export class ReturnFeature implements FeatureComputer {
  private readonly closes: Ring;
  constructor(bars: number) {
    this.closes = new Ring(bars);
  }
  update(bar: Readonly<Bar>): number {
    const earlier = this.closes.push(bar.close);
    return bar.close / earlier - 1;
  }
}

/** `ema_ratio_A_B`: EMA(close, A) / EMA(close, B) − 1, α = 2/(n+1), seeded with the first close. */
export class EmaRatioFeature implements FeatureComputer {
  private readonly fast: PandasEwm;
  private readonly slow: PandasEwm;
  constructor(fastBars: number, slowBars: number) {
    this.fast = PandasEwm.span(fastBars);
    this.slow = PandasEwm.span(slowBars);
  }
  update(bar: Readonly<Bar>): number {
    return this.fast.update(bar.close) / this.slow.update(bar.close) - 1;
  }
}

/** `rsi_N`: Wilder RSI, gains and losses smoothed with α = 1/N from the first change; NaN on the first bar. */
export class RsiFeature implements FeatureComputer {
  private readonly gain: PandasEwm;
  private readonly loss: PandasEwm;
  private previous = Number.NaN;
  constructor(bars: number) {
    this.gain = PandasEwm.alpha(1 / bars);
    this.loss = PandasEwm.alpha(1 / bars);
  }
  update(bar: Readonly<Bar>): number {
    const change = bar.close - this.previous;
    this.previous = bar.close;
    if (change !== change) return Number.NaN;
    const up = this.gain.update(change > 0 ? change : 0);
    const down = this.loss.update(change < 0 ? -change : 0);
    return 100 - 100 / (1 + up / down);
  }
}

/** `atr_N_pct`: Wilder ATR(N) / close; the first bar's true range is high − low. */
export class AtrPctFeature implements FeatureComputer {
  private readonly atr: PandasEwm;
  private previousClose = Number.NaN;
  constructor(bars: number) {
    this.atr = PandasEwm.alpha(1 / bars);
  }
  /** The ATR itself after the last update (price units). */
  get atrValue(): number {
    return this.atr.value;
  }
  update(bar: Readonly<Bar>): number {
    const previous = this.previousClose;
    this.previousClose = bar.close;
    let range = bar.high - bar.low;
    if (previous === previous) range = Math.max(range, Math.abs(bar.high - previous), Math.abs(bar.low - previous));
    return this.atr.update(range) / bar.close;
  }
}

/** `std_N`: population standard deviation (ddof 0) of ret_1 over the last N bars, NaN until N returns. */
export class ReturnStdFeature implements FeatureComputer {
  private readonly returns: Ring;
  private previousClose = Number.NaN;
  constructor(private readonly bars: number) {
    this.returns = new Ring(bars);
  }
  update(bar: Readonly<Bar>): number {
    const ret = bar.close / this.previousClose - 1;
    this.previousClose = bar.close;
    if (ret !== ret) return Number.NaN;
    this.returns.push(ret);
    if (this.returns.count < this.bars) return Number.NaN;
    // Two passes over a short window: exact enough for 1e-12, with no drift over a long run.
    const values = this.returns.values;
    let sum = 0;
    for (let i = 0; i < this.bars; i++) sum += values[i];
    const mean = sum / this.bars;
    let squares = 0;
    for (let i = 0; i < this.bars; i++) squares += (values[i] - mean) * (values[i] - mean);
    return Math.sqrt(squares / this.bars);
  }
}

/** `range_pct`: (high − low) / close. */
export class RangePctFeature implements FeatureComputer {
  update(bar: Readonly<Bar>): number {
    return (bar.high - bar.low) / bar.close;
  }
}

/** `close_pos`: where the close sits in the bar's range, 0 at the low, 1 at the high; 0.5 when high = low. */
export class ClosePosFeature implements FeatureComputer {
  update(bar: Readonly<Bar>): number {
    return bar.high > bar.low ? (bar.close - bar.low) / (bar.high - bar.low) : 0.5;
  }
}
