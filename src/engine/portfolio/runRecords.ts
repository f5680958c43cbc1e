import type { ExitReason } from '../report/backtestReport.ts';

// What a run records, apart from the book that makes the records and the log that keeps them, so that
// neither has to import the other.

/** A fill as the simulated venue executed it (times in epoch ms, quantity signed: + buy, − sell). */
export interface FillRecord {
  readonly timeMs: number;
  readonly sleeve: string;
  readonly symbol: string;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly reason: ExitReason | 'entry' | 'adjust';
}

/** A round trip from flat to flat (or to a reversal), with its net PnL after fees and funding. */
export interface TradeRecord {
  readonly sleeve: string;
  readonly symbol: string;
  readonly side: number;
  /** Largest absolute quantity held during the trade. */
  readonly quantity: number;
  readonly entryTimeMs: number;
  readonly entryPrice: number;
  readonly exitTimeMs: number;
  readonly exitPrice: number;
  readonly pnl: number;
  readonly fees: number;
  readonly funding: number;
  readonly exitReason: ExitReason;
}

/** A change of target decided at a bar close: what the anti-lookahead and parity tests compare. */
export interface DecisionRecord {
  readonly timeMs: number;
  readonly sleeve: string;
  readonly target: number;
  readonly stopDistance: number;
}
