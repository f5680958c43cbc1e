import { checkPeriod } from './checkPeriod.ts';

/**
 * Wilder's relative strength index (TA-Lib RSI, backtrader RSI): average gain and loss seeded with
 * the mean of the first `period` changes, first value at bar `period`; 0 when nothing moved.
 */
export class Rsi {
  readonly period: number;
  private readonly keep: number;
  private readonly weight: number;
  private previousValue = NaN;
  private changeCount = 0;
  private averageGain = 0;
  private averageLoss = 0;
  private current = NaN;

  constructor(period: number) {
    checkPeriod('RSI', period);
    this.period = period;
    this.keep = (period - 1) / period;
    this.weight = 1 / period;
  }

  get value(): number {
    return this.current;
  }

  get isStable(): boolean {
    return this.changeCount >= this.period;
  }

  update(value: number): number {
    const previous = this.previousValue;
    this.previousValue = value;
    if (previous !== previous) return this.current;
    const change = value - previous;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (this.changeCount >= this.period) {
      this.averageGain = this.keep * this.averageGain + this.weight * gain;
      this.averageLoss = this.keep * this.averageLoss + this.weight * loss;
    } else {
      this.averageGain += gain;
      this.averageLoss += loss;
      this.changeCount++;
      if (this.changeCount < this.period) return this.current;
      this.averageGain /= this.period;
      this.averageLoss /= this.period;
    }
    const total = this.averageGain + this.averageLoss;
    this.current = total > 0 ? (100 * this.averageGain) / total : 0;
    return this.current;
  }
}

/** RSI of a whole series through the streaming class (NaN where not yet stable). */
export function rsiSeries(values: Float64Array, period: number): Float64Array {
  const rsi = new Rsi(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = rsi.update(values[i]);
  return out;
}
