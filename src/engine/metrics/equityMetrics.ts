// Slots of the state array. Float64Array slots are read and written unboxed, where object fields
// holding doubles are boxed numbers.
const BARS = 0;
const BARS_IN_MARKET = 1;
const PREVIOUS_EQUITY = 2;
const RETURN_SUM = 3;
const RETURN_SQUARE_SUM = 4;
const DOWNSIDE_SQUARE_SUM = 5;
const PEAK_EQUITY = 6;
const MAX_DRAWDOWN = 7;
/** Equity below which the drawdown from the current peak beats the maximum drawdown. */
const DRAWDOWN_FLOOR = 8;
const BARS_SINCE_PEAK = 9;
const MAX_DRAWDOWN_DURATION = 10;
const SLOTS = 11;

/**
 * Streaming performance measures over the equity curve, updated once per bar without allocation.
 * Returns are simple bar-to-bar returns of portfolio equity.
 */
export class EquityMetrics {
  private readonly state = new Float64Array(SLOTS);

  constructor(readonly initialEquity: number) {
    const state = this.state;
    state[PREVIOUS_EQUITY] = initialEquity;
    state[PEAK_EQUITY] = initialEquity;
    state[DRAWDOWN_FLOOR] = initialEquity;
  }

  get bars(): number {
    return this.state[BARS];
  }

  get barsInMarket(): number {
    return this.state[BARS_IN_MARKET];
  }

  get peakEquity(): number {
    return this.state[PEAK_EQUITY];
  }

  /** Largest fall from a peak, as a fraction. */
  get maxDrawdown(): number {
    return this.state[MAX_DRAWDOWN];
  }

  get maxDrawdownDurationBars(): number {
    return this.state[MAX_DRAWDOWN_DURATION];
  }

  /** Records the equity at a bar's close. */
  onBar(equity: number, inMarket: boolean): void {
    this.one[0] = equity;
    this.onBars(this.one, 1, inMarket ? 1 : 0);
  }

  private readonly one = new Float64Array(1);

  /**
   * Records `count` consecutive bar-close equities from `equity[0..count)`, `barsInMarket` of them with
   * a position open: the same arithmetic, in the same order, as `count` calls of onBar. The backtest
   * kernel buffers a few hundred bars and hands them over here, where the running figures stay in
   * registers instead of being loaded and stored on every bar.
   */
  onBars(equity: Float64Array, count: number, barsInMarket: number): void {
    const state = this.state;
    let previous = state[PREVIOUS_EQUITY];
    let returnSum = state[RETURN_SUM];
    let returnSquareSum = state[RETURN_SQUARE_SUM];
    let downsideSquareSum = state[DOWNSIDE_SQUARE_SUM];
    let peak = state[PEAK_EQUITY];
    let maxDrawdown = state[MAX_DRAWDOWN];
    let drawdownFloor = state[DRAWDOWN_FLOOR];
    let sincePeak = state[BARS_SINCE_PEAK];
    let longest = state[MAX_DRAWDOWN_DURATION];
    for (let j = 0; j < count; j++) {
      const value = equity[j];
      const barReturn = previous > 0 ? value / previous - 1 : 0;
      returnSum += barReturn;
      returnSquareSum += barReturn * barReturn;
      // (r − |r|) / 2 is r below zero and exactly 0 otherwise: no branch on the sign of a return,
      // which is a coin flip on every bar in the market.
      const downside = (barReturn - Math.abs(barReturn)) * 0.5;
      downsideSquareSum += downside * downside;
      previous = value;
      if (value >= peak) {
        peak = value;
        drawdownFloor = value * (1 - maxDrawdown);
        sincePeak = 0;
        continue;
      }
      sincePeak += 1;
      if (sincePeak > longest) longest = sincePeak;
      // Divide only when this bar may set a new maximum drawdown.
      if (value < drawdownFloor) {
        const fromPeak = peak > 0 ? 1 - value / peak : 1;
        if (fromPeak > maxDrawdown) maxDrawdown = fromPeak;
        drawdownFloor = peak * (1 - maxDrawdown);
      }
    }
    state[BARS] += count;
    state[BARS_IN_MARKET] += barsInMarket;
    state[PREVIOUS_EQUITY] = previous;
    state[RETURN_SUM] = returnSum;
    state[RETURN_SQUARE_SUM] = returnSquareSum;
    state[DOWNSIDE_SQUARE_SUM] = downsideSquareSum;
    state[PEAK_EQUITY] = peak;
    state[MAX_DRAWDOWN] = maxDrawdown;
    state[DRAWDOWN_FLOOR] = drawdownFloor;
    state[BARS_SINCE_PEAK] = sincePeak;
    state[MAX_DRAWDOWN_DURATION] = longest;
  }

  /** Annualised Sharpe ratio of bar returns (risk-free rate 0); 0 when returns have no variance. */
  sharpe(periodsPerYear: number): number {
    const state = this.state;
    const n = state[BARS];
    if (n < 2) return 0;
    const mean = state[RETURN_SUM] / n;
    const variance = (state[RETURN_SQUARE_SUM] - n * mean * mean) / (n - 1);
    return variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear) : 0;
  }

  /** Annualised Sortino ratio: mean return over the downside deviation (target 0). */
  sortino(periodsPerYear: number): number {
    const state = this.state;
    const n = state[BARS];
    if (n < 2) return 0;
    const mean = state[RETURN_SUM] / n;
    const downside = Math.sqrt(state[DOWNSIDE_SQUARE_SUM] / n);
    return downside > 0 ? (mean / downside) * Math.sqrt(periodsPerYear) : 0;
  }
}
