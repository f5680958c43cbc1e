import { checkPeriod } from './checkPeriod.ts';

/**
 * Wilder's average true range (TA-Lib ATR, backtrader ATR). The first bar has no previous close, so
 * its true range is not used: the first ATR is at bar `period`, the mean of the true ranges of bars
 * 1 … period; after that ATR = ((period − 1) · ATR + TR) / period.
 */
export class Atr {
  readonly period: number;
  // Doubles assigned in the constructor are declared NaN (a double): declared bare, they would start
  // as undefined and be stored tagged, with a type check on every read in the per-bar update.
  private readonly keep: number = NaN;
  private readonly weight: number = NaN;
  private previousClose = NaN;
  private trueRangeCount = 0;
  private trueRangeSum = -0;
  private current = NaN;

  constructor(period: number) {
    checkPeriod('ATR', period);
    this.period = period;
    this.keep = (period - 1) / period;
    this.weight = 1 / period;
  }

  get value(): number {
    return this.current;
  }

  get isStable(): boolean {
    return this.trueRangeCount >= this.period;
  }

  update(high: number, low: number, close: number): number {
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (previousClose !== previousClose) return this.current;
    let trueRange = high - low;
    const up = Math.abs(high - previousClose);
    const down = Math.abs(low - previousClose);
    if (up > trueRange) trueRange = up;
    if (down > trueRange) trueRange = down;
    if (this.trueRangeCount >= this.period) {
      this.current = this.keep * this.current + this.weight * trueRange;
    } else {
      this.trueRangeSum += trueRange;
      this.trueRangeCount++;
      if (this.trueRangeCount === this.period) this.current = this.trueRangeSum / this.period;
    }
    return this.current;
  }
}

/** ATR of whole series through the streaming class (NaN where not yet stable). */
export function atrSeries(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const atr = new Atr(period);
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = atr.update(high[i], low[i], close[i]);
  return out;
}
