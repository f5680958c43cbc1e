import { DAY_MS, dailyEquitySeries } from './dailyEquity.ts';
import { maxDrawdownPct, sharpeRatio, simpleReturns } from './returnStats.ts';

/** Return, Sharpe and max drawdown of an equity record over a period: what a record and its replay are compared on. */
export interface PeriodFigures {
  readonly returnPct: number;
  /** Of the period's daily returns (annualised √365); NaN with fewer than two or none of variance. */
  readonly sharpe: number;
  readonly maxDrawdownPct: number;
}

/**
 * Over [fromMs, toMs]: the base is the last equity point before fromMs (the first inside when none is
 * older); daily closes as dailyEquitySeries; return = last close / base − 1; Sharpe of the daily returns
 * from the base; max drawdown over the base and every point inside. NaN figures without points inside.
 */
export function periodFigures(points: ReadonlyArray<{ readonly atMs: number; readonly equity: number }>, fromMs: number, toMs: number): PeriodFigures {
  const sorted = points.filter((point) => point.atMs <= toMs && Number.isFinite(point.equity)).sort((a, b) => a.atMs - b.atMs);
  const inside = sorted.filter((point) => point.atMs >= fromMs);
  if (inside.length === 0) return { returnPct: Number.NaN, sharpe: Number.NaN, maxDrawdownPct: Number.NaN };
  const before = sorted.filter((point) => point.atMs < fromMs);
  const base = before.length > 0 ? before[before.length - 1].equity : inside[0].equity;
  const firstDayMs = Math.floor(fromMs / DAY_MS) * DAY_MS;
  const daily = dailyEquitySeries(inside, toMs);
  const closes = daily.equity.filter((_, index) => daily.dayStartMs[index] >= firstDayMs);
  return {
    returnPct: (closes[closes.length - 1] / base - 1) * 100,
    sharpe: sharpeRatio(simpleReturns([base, ...closes])),
    maxDrawdownPct: maxDrawdownPct([base, ...inside.map((point) => point.equity)]),
  };
}
