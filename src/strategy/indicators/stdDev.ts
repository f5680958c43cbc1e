import { checkPeriod } from './checkPeriod.ts';

/**
 * Population standard deviation of the last `period` values (backtrader StdDev, the one in its
 * Bollinger bands): sqrt(mean(x²) − mean(x)²). Mean and deviation are taken around the window's
 * first value so that large price levels do not cancel catastrophically.
 */
export class StdDev {
  readonly period: number;
  private readonly window: Float64Array;
  private nextSlot = 0;
  private count = 0;
  private shift = 0;
  private sum = 0;
  private sumOfSquares = 0;
  private currentMean = NaN;
  private current = NaN;

  constructor(period: number) {
    checkPeriod('StdDev', period);
    this.period = period;
    this.window = new Float64Array(period);
  }

  get value(): number {
    return this.current;
  }

  /** Mean of the same window (NaN until stable). */
  get mean(): number {
    return this.currentMean;
  }

  get isStable(): boolean {
    return this.count >= this.period;
  }

  update(value: number): number {
    const window = this.window;
    const slot = this.nextSlot;
    if (this.count === 0) this.shift = value;
    if (this.count >= this.period) {
      const leaving = window[slot] - this.shift;
      this.sum -= leaving;
      this.sumOfSquares -= leaving * leaving;
    } else {
      this.count++;
    }
    window[slot] = value;
    const entering = value - this.shift;
    this.sum += entering;
    this.sumOfSquares += entering * entering;
    if (slot + 1 === this.period) {
      this.nextSlot = 0;
      // Once per lap: re-centre on the current window and re-add it, so sums cannot drift.
      if (this.count >= this.period) this.recentre();
    } else {
      this.nextSlot = slot + 1;
    }
    if (this.count < this.period) return this.current;
    const meanOffset = this.sum / this.period;
    const variance = this.sumOfSquares / this.period - meanOffset * meanOffset;
    this.currentMean = this.shift + meanOffset;
    this.current = variance > 0 ? Math.sqrt(variance) : 0;
    return this.current;
  }

  private recentre(): void {
    const window = this.window;
    const shift = window[0];
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = 0; i < window.length; i++) {
      const offset = window[i] - shift;
      sum += offset;
      sumOfSquares += offset * offset;
    }
    this.shift = shift;
    this.sum = sum;
    this.sumOfSquares = sumOfSquares;
  }
}

/** Standard deviation of a whole series through the streaming class (NaN where not yet stable). */
export function stdDevSeries(values: Float64Array, period: number): Float64Array {
  const stdDev = new StdDev(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = stdDev.update(values[i]);
  return out;
}
