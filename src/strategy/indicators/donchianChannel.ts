import { checkPeriod } from './checkPeriod.ts';

/**
 * The highest high and lowest low of the last `period` bars, current included (the Donchian channel),
 * both from one `update` per bar. NaN until `period` bars.
 *
 * The window is split at multiples of `period` (van Herk / Gil-Werman): its older part is a suffix of
 * the previous block, whose maxima are computed once when the block completes, and its newer part a
 * prefix of the current block, kept as a running maximum. Per bar that is a store and three compares
 * per side with branches a CPU predicts, where a monotonic deque pops a data-dependent number of
 * entries; the whole block's backward pass costs one compare per bar, amortised. Maxima are exact, so
 * the channel equals RollingMax and RollingMin value for value.
 */
export class DonchianChannel {
  readonly period: number;
  /** The current block's highs and lows by position in the block. */
  private readonly blockHighs: Float64Array;
  private readonly blockLows: Float64Array;
  /** Of the previous block: highest high (lowest low) of its positions after j, at j; −∞ (+∞) at the last. */
  private readonly laterHighs: Float64Array;
  private readonly laterLows: Float64Array;
  private prefixHigh = Number.NEGATIVE_INFINITY;
  private prefixLow = Number.POSITIVE_INFINITY;
  /** Position of the next bar in its block. */
  private slot = 0;
  private seen = 0;
  private currentHigh = NaN;
  private currentLow = NaN;

  constructor(period: number) {
    checkPeriod('DonchianChannel', period);
    this.period = period;
    this.blockHighs = new Float64Array(period);
    this.blockLows = new Float64Array(period);
    this.laterHighs = new Float64Array(period).fill(Number.NEGATIVE_INFINITY);
    this.laterLows = new Float64Array(period).fill(Number.POSITIVE_INFINITY);
  }

  /** Highest high of the last `period` bars (NaN until `period` bars). */
  get upper(): number {
    return this.currentHigh;
  }

  /** Lowest low of the last `period` bars (NaN until `period` bars). */
  get lower(): number {
    return this.currentLow;
  }

  get isStable(): boolean {
    return this.seen >= this.period;
  }

  /** Adds a bar; returns nothing, so a call the bar loop does not inline boxes no result. */
  update(high: number, low: number): void {
    const j = this.slot;
    this.blockHighs[j] = high;
    this.blockLows[j] = low;
    const prefixHigh = high > this.prefixHigh ? high : this.prefixHigh;
    const prefixLow = low < this.prefixLow ? low : this.prefixLow;
    const laterHigh = this.laterHighs[j];
    const laterLow = this.laterLows[j];
    const seen = this.seen + 1;
    this.seen = seen;
    const stable = seen >= this.period;
    this.currentHigh = stable ? (laterHigh > prefixHigh ? laterHigh : prefixHigh) : NaN;
    this.currentLow = stable ? (laterLow < prefixLow ? laterLow : prefixLow) : NaN;
    if (j + 1 === this.period) {
      this.closeBlock();
      this.slot = 0;
    } else {
      this.prefixHigh = prefixHigh;
      this.prefixLow = prefixLow;
      this.slot = j + 1;
    }
  }

  /** The block is complete: its suffix extremes become the next block's older part. */
  private closeBlock(): void {
    const last = this.period - 1;
    const highs = this.blockHighs;
    const lows = this.blockLows;
    const laterHighs = this.laterHighs;
    const laterLows = this.laterLows;
    let high = Number.NEGATIVE_INFINITY;
    let low = Number.POSITIVE_INFINITY;
    for (let j = last; j >= 0; j--) {
      laterHighs[j] = high;
      laterLows[j] = low;
      if (highs[j] > high) high = highs[j];
      if (lows[j] < low) low = lows[j];
    }
    this.prefixHigh = Number.NEGATIVE_INFINITY;
    this.prefixLow = Number.POSITIVE_INFINITY;
  }
}
