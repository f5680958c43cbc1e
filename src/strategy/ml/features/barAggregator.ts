import type { Bar } from '../../strategy.ts';

/** Monday 1970-01-05 00:00 UTC: weekly buckets start on Mondays. */
const WEEK_ORIGIN_MS = 4 * 86_400_000;
const WEEK_MS = 7 * 86_400_000;

/**
 * Builds bars of a higher timeframe from base bars (buckets aligned to 00:00 UTC, weeks to Monday;
 * open first, high max, low min, close last, volume summed; empty buckets skipped) and hands each to
 * `onHigherBar` only once it is complete: when its last base bar has closed, or, when that bar is
 * missing (a weekend, a gap), on the first base bar after the bucket. So a consumer never sees a
 * higher bar before its last base bar has closed. The bar handed over is reused.
 */
export class BarAggregator {
  private readonly bar: Bar = { time: Number.NaN, open: Number.NaN, high: Number.NaN, low: Number.NaN, close: Number.NaN, volume: Number.NaN };
  private bucketStart = Number.NaN;
  private readonly origin: number;

  constructor(
    readonly timeframeMs: number,
    private readonly baseIntervalMs: number,
    private readonly onHigherBar: (bar: Readonly<Bar>) => void,
  ) {
    this.origin = timeframeMs % WEEK_MS === 0 ? WEEK_ORIGIN_MS : 0;
  }

  /** Adds a closed base bar; completed higher bars are handed over before this returns. */
  add(base: Readonly<Bar>): void {
    const start = Math.floor((base.time - this.origin) / this.timeframeMs) * this.timeframeMs + this.origin;
    if (start !== this.bucketStart && this.bucketStart === this.bucketStart) this.complete();
    const bar = this.bar;
    if (this.bucketStart !== this.bucketStart) {
      this.bucketStart = start;
      bar.time = start;
      bar.open = base.open;
      bar.high = base.high;
      bar.low = base.low;
      bar.close = base.close;
      bar.volume = base.volume;
    } else {
      if (base.high > bar.high) bar.high = base.high;
      if (base.low < bar.low) bar.low = base.low;
      bar.close = base.close;
      bar.volume += base.volume;
    }
    if (base.time + this.baseIntervalMs >= start + this.timeframeMs) this.complete();
  }

  private complete(): void {
    this.bucketStart = Number.NaN;
    this.onHigherBar(this.bar);
  }
}
