/**
 * Streaming performance measures over the equity curve, updated once per bar without allocation.
 * Returns are simple bar-to-bar returns of portfolio equity.
 */
export class EquityMetrics {
  bars = 0;
  private previousEquity: number;
  private returnSum = 0;
  private returnSquareSum = 0;
  private downsideSquareSum = 0;
  private returnCount = 0;
  peakEquity: number;
  maxDrawdown = 0;
  /** Equity below which the drawdown from the current peak beats maxDrawdown. */
  private drawdownFloor: number;
  private barsSincePeak = 0;
  maxDrawdownDurationBars = 0;
  barsInMarket = 0;

  constructor(readonly initialEquity: number) {
    this.previousEquity = initialEquity;
    this.peakEquity = initialEquity;
    this.drawdownFloor = initialEquity;
  }

  /** Records the equity at a bar's close. */
  onBar(equity: number, inMarket: boolean): void {
    this.bars++;
    if (inMarket) this.barsInMarket++;
    const previous = this.previousEquity;
    const barReturn = previous > 0 ? equity / previous - 1 : 0;
    this.returnSum += barReturn;
    this.returnSquareSum += barReturn * barReturn;
    if (barReturn < 0) this.downsideSquareSum += barReturn * barReturn;
    this.returnCount++;
    this.previousEquity = equity;
    if (equity >= this.peakEquity) {
      this.peakEquity = equity;
      this.drawdownFloor = equity * (1 - this.maxDrawdown);
      this.barsSincePeak = 0;
      return;
    }
    this.barsSincePeak++;
    if (this.barsSincePeak > this.maxDrawdownDurationBars) this.maxDrawdownDurationBars = this.barsSincePeak;
    // Divide only when this bar may set a new maximum drawdown.
    if (equity < this.drawdownFloor) {
      const fromPeak = this.peakEquity > 0 ? 1 - equity / this.peakEquity : 1;
      if (fromPeak > this.maxDrawdown) this.maxDrawdown = fromPeak;
      this.drawdownFloor = this.peakEquity * (1 - this.maxDrawdown);
    }
  }

  /** Annualised Sharpe ratio of bar returns (risk-free rate 0); 0 when returns have no variance. */
  sharpe(periodsPerYear: number): number {
    const n = this.returnCount;
    if (n < 2) return 0;
    const mean = this.returnSum / n;
    const variance = (this.returnSquareSum - n * mean * mean) / (n - 1);
    return variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear) : 0;
  }

  /** Annualised Sortino ratio: mean return over the downside deviation (target 0). */
  sortino(periodsPerYear: number): number {
    const n = this.returnCount;
    if (n < 2) return 0;
    const mean = this.returnSum / n;
    const downside = Math.sqrt(this.downsideSquareSum / n);
    return downside > 0 ? (mean / downside) * Math.sqrt(periodsPerYear) : 0;
  }
}
