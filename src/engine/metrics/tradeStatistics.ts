import type { DecisionRecord, TradeRecord } from '../portfolio/runRecords.ts';

/** Per-trade figures of one sleeve, for model strategies trading with a stop (the runbook's metrics). */
export interface TradeStatistics {
  readonly trades: number;
  /** Mean R-multiple over trades whose entry carried a stop: side × (exit − entry) / stop distance. */
  readonly averageR: number;
  /** The R-multiple of each trade in order (NaN where the entry had no stop). */
  readonly rMultiples: readonly number[];
  /** Gross profit / gross loss of net trade PnL (+∞ without a loss, NaN without trades). */
  readonly profitFactor: number;
  /** Winning trades / trades (net PnL > 0). */
  readonly winRate: number;
  /** Mean / sample standard deviation of net trade PnL (NaN below two trades). */
  readonly sharpePerTrade: number;
  /** Decisions to enter (non-zero target) per 7 days of the period. */
  readonly signalsPerWeek: number;
  readonly signals: number;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The statistics of one sleeve's `trades` and `decisions` (both in time order) over `periodMs`. A
 * trade's stop distance is that of the latest entry decision on its side before its entry: strictly
 * before when orders fill at the next open (a decision is stamped with its bar's open time, so the
 * decision at the close of a trade's entry bar belongs to the next trade), at or before when they
 * fill at the deciding close.
 */
export function tradeStatistics(trades: readonly TradeRecord[], decisions: readonly DecisionRecord[], periodMs: number, fillsAtNextOpen = true): TradeStatistics {
  const rMultiples: number[] = [];
  let d = 0;
  let entryStop = Number.NaN;
  let entrySide = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let wins = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const trade of trades) {
    while (d < decisions.length && (fillsAtNextOpen ? decisions[d].timeMs < trade.entryTimeMs : decisions[d].timeMs <= trade.entryTimeMs)) {
      if (decisions[d].target !== 0) {
        entryStop = decisions[d].stopDistance;
        entrySide = Math.sign(decisions[d].target);
      }
      d++;
    }
    const r = entrySide === trade.side && entryStop > 0 ? (trade.side * (trade.exitPrice - trade.entryPrice)) / entryStop : Number.NaN;
    rMultiples.push(r);
    if (trade.pnl > 0) {
      grossWin += trade.pnl;
      wins++;
    } else grossLoss -= trade.pnl;
    sum += trade.pnl;
    sumSquares += trade.pnl * trade.pnl;
  }
  const withR = rMultiples.filter((r) => !Number.isNaN(r));
  const n = trades.length;
  const mean = n > 0 ? sum / n : Number.NaN;
  const variance = n > 1 ? (sumSquares - n * mean * mean) / (n - 1) : Number.NaN;
  const signals = decisions.reduce((count, decision) => count + (decision.target !== 0 ? 1 : 0), 0);
  return {
    trades: n,
    averageR: withR.length > 0 ? withR.reduce((a, b) => a + b, 0) / withR.length : Number.NaN,
    rMultiples,
    profitFactor: n === 0 ? Number.NaN : grossLoss > 0 ? grossWin / grossLoss : Number.POSITIVE_INFINITY,
    winRate: n > 0 ? wins / n : Number.NaN,
    sharpePerTrade: variance > 0 ? mean / Math.sqrt(variance) : Number.NaN,
    signalsPerWeek: periodMs > 0 ? (signals * WEEK_MS) / periodMs : Number.NaN,
    signals,
  };
}
