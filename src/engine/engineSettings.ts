import type { CandleSeries } from '../domain/market/candleSeries.ts';
import type { FundingSeries } from '../domain/market/fundingSeries.ts';
import type { InstrumentFilters } from '../domain/market/instrument.ts';
import type { SleeveCosts } from '../domain/market/marketCosts.ts';
import type { Strategy } from '../strategy/strategy.ts';

export const TradeOn = { NEXT_OPEN: 'next_open', CLOSE: 'close' } as const;
export type TradeOn = (typeof TradeOn)[keyof typeof TradeOn];

export const SizingMode = { WEIGHT: 'weight', ALL_IN: 'all_in', FIXED_NOTIONAL: 'fixed_notional', FIXED_QUANTITY: 'fixed_quantity', RISK: 'risk' } as const;
export type SizingMode = (typeof SizingMode)[keyof typeof SizingMode];

export interface SizingSettings {
  readonly mode: SizingMode;
  /** Position notional at |target| = 1 in fixed_notional mode, in account currency. */
  readonly notional: number;
  /** Fraction of equity lost if the stop is hit, in risk mode (0.01 = 1%). */
  readonly riskPerTrade: number;
  /** Position quantity at |target| = 1 in fixed_quantity mode, base units (backtrader's `size=1`). */
  readonly quantity?: number;
}

/**
 * What happens to positions still open after the last bar: closed at the last bar's close (the
 * default), closed at the last bar's open (backtesting.py's `finalize_trades`), or kept open and
 * marked to market at the last close (no closing trade is recorded).
 */
export const EndOfData = { LAST_CLOSE: 'last_close', LAST_OPEN: 'last_open', KEEP_OPEN: 'keep_open' } as const;
export type EndOfData = (typeof EndOfData)[keyof typeof EndOfData];

/** Everything the engine needs besides data and strategies; built once from the validated config. */
export interface EngineSettings {
  readonly initialCapital: number;
  /** 1 for spot. */
  readonly leverage: number;
  /** Spot markets cannot be short: negative targets are clamped to flat. */
  readonly allowShort: boolean;
  /** Isolated-margin futures are liquidated when a bar crosses the liquidation price. */
  readonly liquidation: boolean;
  readonly maintenanceMarginRate: number;
  readonly feeBps: number;
  readonly slippageBps: number;
  readonly tradeOn: TradeOn;
  /** Positions open after the last bar; absent: closed at the last close. */
  readonly endOfData?: EndOfData;
  readonly sizing: SizingSettings;
  /** Funding on perpetual futures: rates from the sleeve's funding series, else this constant per interval. */
  readonly funding: { readonly enabled: boolean; readonly constantRate: number; readonly intervalMs: number };
  /** Bars per year, for annualising Sharpe and Sortino (365 days for crypto, 252 for stocks). */
  readonly periodsPerYear: number;
  /**
   * Which exit a bar takes when its range touches both the stop and the take-profit (bars do not say
   * which came first): `stop_first` (default, the conservative reading) or `take_profit_first`.
   */
  readonly intrabarExitOrder?: 'stop_first' | 'take_profit_first';
  readonly daysPerYear: number;
}

/** One weighted sleeve of the portfolio: a strategy trading one symbol's data. */
export interface SleeveInput {
  readonly name: string;
  readonly symbol: string;
  readonly strategyName: string;
  readonly weight: number;
  readonly strategy: Strategy;
  readonly candles: CandleSeries;
  readonly funding?: FundingSeries;
  /** Mark-price candles; funding is charged on the mark's open at each funding time when present. */
  readonly mark?: CandleSeries;
  readonly filters: InstrumentFilters;
  /** This sleeve's market costs; absent: the settings' feeBps and slippageBps, no spread. */
  readonly costs?: SleeveCosts;
}
