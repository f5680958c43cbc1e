/** Days a crypto futures market trades in a year: daily Sharpe ratios are annualised with √365. */
export const TRADING_DAYS_PER_YEAR = 365;

/** Simple returns between consecutive closes: r[i] = e[i+1] / e[i] − 1. */
export function simpleReturns(equity: readonly number[]): number[] {
  const returns: number[] = [];
  for (let index = 1; index < equity.length; index++) returns.push(equity[index] / equity[index - 1] - 1);
  return returns;
}

/**
 * Annualised Sharpe ratio of daily returns, risk-free rate 0: mean / sample standard deviation (n − 1)
 * × √periodsPerYear — the backtest report's formula on daily instead of bar returns. NaN (not measured)
 * with fewer than two returns or returns without variance: a flat record proves nothing.
 */
export function sharpeRatio(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  const n = returns.length;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (const value of returns) sum += value;
  const mean = sum / n;
  let squares = 0;
  for (const value of returns) squares += (value - mean) ** 2;
  const deviation = Math.sqrt(squares / (n - 1));
  return deviation > 0 ? (mean / deviation) * Math.sqrt(periodsPerYear) : Number.NaN;
}

/** Sharpe ratio of the last `days` daily returns; NaN until the record holds that many. */
export function rollingSharpe(dailyEquity: readonly number[], days: number): number {
  if (dailyEquity.length < days + 1) return Number.NaN;
  return sharpeRatio(simpleReturns(dailyEquity.slice(dailyEquity.length - days - 1)));
}

/** Return over the last `days` days, percent: last close against the close `days` days before. NaN until that far back. */
export function windowReturnPct(dailyEquity: readonly number[], days: number): number {
  if (dailyEquity.length < days + 1) return Number.NaN;
  const start = dailyEquity[dailyEquity.length - days - 1];
  return (dailyEquity[dailyEquity.length - 1] / start - 1) * 100;
}

/** Largest fall from a running peak, percent of the peak (0 for a series that never falls). */
export function maxDrawdownPct(equity: readonly number[]): number {
  let peak = Number.NEGATIVE_INFINITY;
  let worst = 0;
  for (const value of equity) {
    if (value > peak) peak = value;
    else if (peak > 0) worst = Math.max(worst, (1 - value / peak) * 100);
  }
  return worst;
}
