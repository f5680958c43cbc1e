/**
 * A market's trading costs as data (the XAUUSD runbook's `market_costs`): spread in pips, commission
 * and slippage as fractions of notional, the pip size and the broker's minimum stop distance.
 */
export interface MarketCosts {
  /** Quoted bid-ask spread in pips. */
  readonly spreadPips: number;
  /** Price units per pip (XAUUSD 0.1, EURUSD 0.0001). */
  readonly pipSize: number;
  /** Commission as a fraction of notional per fill (0.00002 = 0.2 bps). */
  readonly commission: number;
  /** Slippage as a fraction of price per market fill (0.00001 = 0.1 bps). */
  readonly slippage: number;
  /** Least stop distance the broker accepts, in pips (0: none). */
  readonly minStopDistancePips: number;
}

/** The presets: the runbook's XAUUSD figures, and a crypto-futures taker default (5 bps fee, 3 bps slippage, no modelled spread). */
export const MARKET_COST_PRESETS = {
  XAUUSD: { spreadPips: 3.0, pipSize: 0.1, commission: 0.00002, slippage: 0.00001, minStopDistancePips: 0 },
  crypto: { spreadPips: 0, pipSize: 0.01, commission: 0.0005, slippage: 0.0003, minStopDistancePips: 0 },
} as const satisfies Record<string, MarketCosts>;
export type MarketCostPreset = keyof typeof MARKET_COST_PRESETS;

/** What the engine charges a sleeve: fee and slippage in bps, the spread in price units. */
export interface SleeveCosts {
  readonly feeBps: number;
  readonly slippageBps: number;
  /** Ask − bid in price units: a market buy pays half above the bar's price, a sell half below. */
  readonly spread: number;
  /** Least stop distance in price units (0: none). */
  readonly minStopDistance: number;
}

export function sleeveCostsOf(costs: MarketCosts): SleeveCosts {
  return {
    feeBps: costs.commission * 10_000,
    slippageBps: costs.slippage * 10_000,
    spread: costs.spreadPips * costs.pipSize,
    minStopDistance: costs.minStopDistancePips * costs.pipSize,
  };
}
