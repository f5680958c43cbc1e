import { ATR_PERIOD } from './trailingAtr.ts';

/**
 * The streaming twin of `trailingAtr` for a runner fed one bar at a time: the true ranges of the last
 * `period` bars in a ring, so the live sleeve's ATR equals the backtest gate's over the same bars
 * without keeping the history. No allocation per bar.
 */
export class TrueRangeWindow {
  private readonly ranges: Float64Array;
  private next = 0;
  private count = 0;
  private previousClose = Number.NaN;

  constructor(private readonly period: number = ATR_PERIOD) {
    this.ranges = new Float64Array(period);
  }

  /** The next closed bar; the first bar only gives the close the second one's range starts from. */
  add(high: number, low: number, close: number): void {
    const previous = this.previousClose;
    this.previousClose = close;
    if (!(previous === previous)) return;
    this.ranges[this.next] = Math.max(high, previous) - Math.min(low, previous);
    this.next = (this.next + 1) % this.period;
    if (this.count < this.period) this.count++;
  }

  /** Mean true range of the bars in the window, price units; NaN before the second bar. */
  atr(): number {
    if (this.count === 0) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.ranges[i];
    return sum / this.count;
  }

  reset(): void {
    this.next = 0;
    this.count = 0;
    this.previousClose = Number.NaN;
  }
}
