import { checkPeriod } from './checkPeriod.ts';

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded with the SMA of the first
 * `period` values (the TA-Lib and backtrader convention): first value at index period − 1.
 */
export class Ema {
  readonly period: number;
  // Doubles assigned in the constructor are declared NaN (a double): declared bare, they would start
  // as undefined and be stored tagged, with a type check on every read in the per-bar update.
  private readonly alpha: number = NaN;
  private readonly oneMinusAlpha: number = NaN;
  private count = 0;
  private seedSum = -0;
  private current = NaN;

  constructor(period: number) {
    checkPeriod('EMA', period);
    this.period = period;
    this.alpha = 2 / (period + 1);
    this.oneMinusAlpha = 1 - this.alpha;
  }

  get value(): number {
    return this.current;
  }

  get isStable(): boolean {
    return this.count >= this.period;
  }

  update(value: number): number {
    if (this.count >= this.period) {
      this.current = this.current * this.oneMinusAlpha + value * this.alpha;
    } else {
      this.seedSum += value;
      this.count++;
      if (this.count === this.period) this.current = this.seedSum / this.period;
    }
    return this.current;
  }
}

/** EMA of a whole series through the streaming class (NaN where not yet stable). */
export function emaSeries(values: Float64Array, period: number): Float64Array {
  const ema = new Ema(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ema.update(values[i]);
  return out;
}
