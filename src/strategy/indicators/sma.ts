import { checkPeriod } from './checkPeriod.ts';

/** Simple moving average over the last `period` values, on a ring buffer; NaN until `period` values. */
export class Sma {
  readonly period: number;
  private readonly window: Float64Array;
  private nextSlot = 0;
  private count = 0;
  private sum = 0;
  private current = NaN;

  constructor(period: number) {
    checkPeriod('SMA', period);
    this.period = period;
    this.window = new Float64Array(period);
  }

  get value(): number {
    return this.current;
  }

  get isStable(): boolean {
    return this.count >= this.period;
  }

  update(value: number): number {
    const window = this.window;
    const slot = this.nextSlot;
    if (this.count >= this.period) this.sum -= window[slot];
    else this.count++;
    window[slot] = value;
    this.sum += value;
    if (slot + 1 === this.period) {
      this.nextSlot = 0;
      // Re-add the window once per lap so the running sum cannot drift over millions of bars.
      if (this.count >= this.period) this.sum = sumOf(window);
    } else {
      this.nextSlot = slot + 1;
    }
    this.current = this.count >= this.period ? this.sum / this.period : NaN;
    return this.current;
  }
}

function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}

/** SMA of a whole series through the streaming class (NaN where not yet stable). */
export function smaSeries(values: Float64Array, period: number): Float64Array {
  const sma = new Sma(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = sma.update(values[i]);
  return out;
}
