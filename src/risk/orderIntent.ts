/** Side of an order: a buy adds to a long or reduces a short; a sell the opposite. */
export type OrderSide = 'buy' | 'sell';

/**
 * What a strategy (through the engine) asks to trade, before risk has seen it. Plain numbers:
 * the risk engine runs on the backtest's hot path, Decimal belongs to the venue edge.
 */
export interface OrderIntent {
  /** Account (venue sub-account) the order is for; selects the capital profile and trading state. */
  readonly account: string;
  /** Sleeve (strategy instance on one symbol) that produced the intent; keys correlation and duplicates. */
  readonly sleeve: string;
  /** Venue symbol, e.g. 'BTCUSDT'. */
  readonly symbol: string;
  /** Strategy type name, checked against the profile's allow-list and deny-list. */
  readonly strategy: string;
  readonly side: OrderSide;
  /** Order size in base units (contracts/coins), finite and > 0. */
  readonly quantity: number;
  /** Expected fill price (limit price, or the reference price of a market order), quote per base unit. */
  readonly price: number;
  /** True when the order may only shrink the position (exits, kill-switch flattening). */
  readonly reduceOnly: boolean;
  /** Protective stop distance from the entry in price units (quote per base unit); NaN for none. */
  readonly stopDistance: number;
  /** Model confidence in [0, 1] for signals that carry one; NaN otherwise. */
  readonly confidence: number;
  /** Decision time in epoch ms UTC (bar close in a backtest, clock time live). */
  readonly timeMs: number;
}

/** +1 for a buy, -1 for a sell: multiply by a quantity to get the signed change in position. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}
