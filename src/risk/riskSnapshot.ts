import type { OrderSide } from './orderIntent.ts';
import type { TradingState } from './tradingState.ts';

/** An open position on one symbol, as the portfolio (or the venue) reports it. */
export interface PositionSnapshot {
  /** Signed size in base units: > 0 long, < 0 short, 0 flat. */
  readonly quantity: number;
  /** Average entry price, quote per base unit. */
  readonly entryPrice: number;
  /** Leverage setting for the symbol at the venue (multiple, e.g. 3 for 3x); margin of new orders uses it. */
  readonly leverage: number;
  /** Initial margin committed to the position, in the account currency. */
  readonly margin: number;
}

/** An order resting at the venue that may still fill; counted in exposure as if it had (C4). */
export interface WorkingOrder {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Unfilled size in base units, > 0. */
  readonly quantity: number;
  /** Limit price, quote per base unit. */
  readonly price: number;
  /** Reduce-only orders never add exposure, so they are left out of exposure and position counts. */
  readonly reduceOnly: boolean;
}

/** Latest market data for a symbol. Missing values are NaN: the checks that need them fail closed or skip, as documented on each. */
export interface MarketSnapshot {
  /** Mark price, quote per base unit; the collar rejects every order when it is missing, stale, zero or NaN. */
  readonly markPrice: number;
  /** When the mark price was observed, epoch ms UTC (a bar's close time in a backtest). */
  readonly markTimeMs: number;
  /**
   * When the data behind the decision closed, epoch ms UTC (live: the close time of the last closed
   * bar the strategy decided on); the data-age guardrail measures from it. Absent: `markTimeMs`.
   */
  readonly dataTimeMs?: number;
  /** Average true range in price units; NaN when unknown (spread and volatility guardrails then skip). */
  readonly atr: number;
  /** Best ask minus best bid in price units; NaN when unknown (the spread guardrail then skips). */
  readonly spread: number;
}

/** Recent per-bar returns of one sleeve, for the correlation limit. */
export interface SleeveReturns {
  /** Symbol the sleeve trades: its exposure is that symbol's exposure. */
  readonly symbol: string;
  /**
   * Fractional returns per bar (0.01 = +1%), oldest first; all sleeves are aligned on their last
   * element. Only the last `portfolio.correlationWindow` values are read, so a ring-buffer view works.
   */
  readonly returns: ArrayLike<number>;
}

/** Everything the risk engine reads about one account at decision time. Money is in the account currency. */
export interface RiskSnapshot {
  /** Account equity now: balance plus unrealized PnL marked to market. */
  readonly equity: number;
  /** Equity at the start of the current UTC day (EmergencyStop.dayStartEquity). */
  readonly dayStartEquity: number;
  /** Equity at the start of the current ISO week, Monday 00:00 UTC (EmergencyStop.weekStartEquity). */
  readonly weekStartEquity: number;
  /** Highest equity seen so far; only used for reporting. */
  readonly peakEquity?: number;
  /** Open positions by symbol; a missing or zero-quantity entry means flat. */
  readonly positions: { readonly [symbol: string]: PositionSnapshot | undefined };
  /** Orders resting at the venue for this account. */
  readonly workingOrders: readonly WorkingOrder[];
  /** Market data by symbol. */
  readonly markets: { readonly [symbol: string]: MarketSnapshot | undefined };
  /** Return history by sleeve name; omit to switch the correlation limit off for this call. */
  readonly sleeveReturns?: { readonly [sleeve: string]: SleeveReturns | undefined };
  /**
   * A trading state from outside the engine (the store's persisted state, an operator console).
   * The engine applies the more severe of this and its own state machine.
   */
  readonly tradingState?: TradingState;
}
