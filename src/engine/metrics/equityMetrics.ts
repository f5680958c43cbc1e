// Slots of the state array. Float64Array slots are read and written unboxed, where object fields
// holding doubles are boxed numbers: this runs on every bar of every run.
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
    const state = this.state;
    state[BARS] += 1;
    if (inMarket) state[BARS_IN_MARKET] += 1;
    const previous = state[PREVIOUS_EQUITY];
    const barReturn = previous > 0 ? equity / previous - 1 : 0;
    state[RETURN_SUM] += barReturn;
    state[RETURN_SQUARE_SUM] += barReturn * barReturn;
    if (barReturn < 0) state[DOWNSIDE_SQUARE_SUM] += barReturn * barReturn;
    state[PREVIOUS_EQUITY] = equity;
    if (equity >= state[PEAK_EQUITY]) {
      state[PEAK_EQUITY] = equity;
      state[DRAWDOWN_FLOOR] = equity * (1 - state[MAX_DRAWDOWN]);
      state[BARS_SINCE_PEAK] = 0;
      return;
    }
    const sincePeak = state[BARS_SINCE_PEAK] + 1;
    state[BARS_SINCE_PEAK] = sincePeak;
    if (sincePeak > state[MAX_DRAWDOWN_DURATION]) state[MAX_DRAWDOWN_DURATION] = sincePeak;
    // Divide only when this bar may set a new maximum drawdown.
    if (equity < state[DRAWDOWN_FLOOR]) {
      const peak = state[PEAK_EQUITY];
      const fromPeak = peak > 0 ? 1 - equity / peak : 1;
      if (fromPeak > state[MAX_DRAWDOWN]) state[MAX_DRAWDOWN] = fromPeak;
      state[DRAWDOWN_FLOOR] = peak * (1 - state[MAX_DRAWDOWN]);
    }
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
