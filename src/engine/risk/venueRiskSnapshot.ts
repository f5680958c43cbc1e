import type { EmergencyStop, MarketSnapshot, PositionSnapshot, RiskSnapshot, TradingState, WorkingOrder } from '../../risk/index.ts';
import { isolatedMargin } from '../../domain/position/isolatedMargin.ts';
import { writeEquityReferences } from './equityReferences.ts';

/** One position as a venue reports it, in plain numbers (Decimal is parsed at the runner's edge). */
export interface VenuePositionInput {
  /** Signed size in base units. */
  readonly quantity: number;
  /** Average entry price; NaN when the venue gave none (the mark is then used). */
  readonly entryPrice: number;
  /** The symbol's leverage setting; NaN when the venue gave none (the configured leverage is then used). */
  readonly leverage: number;
}

/** A venue account as the risk gate reads it: what the live runner hands over per order. */
export interface VenueRiskInput {
  /** Wallet balance plus unrealized PnL, in the account currency. */
  readonly equity: number;
  readonly positions: ReadonlyMap<string, VenuePositionInput>;
  readonly workingOrders: readonly WorkingOrder[];
  /** Market data per symbol (mark, ATR, spread: built by the runner in one step). */
  readonly markets: Readonly<Record<string, MarketSnapshot>>;
  /** The trading state the store holds (an operator's kill survives a restart there). */
  readonly tradingState?: TradingState;
}

/**
 * The risk snapshot of a venue account: positions with their isolated margin at the venue's (else the
 * configured) leverage, the markets as given, and the equity references of the account's emergency
 * stop written as the kernel writes them (writeEquityReferences).
 */
export function venueRiskSnapshot(venue: VenueRiskInput, stop: EmergencyStop, configuredLeverage: number): RiskSnapshot {
  const positions: Record<string, PositionSnapshot> = {};
  for (const [symbol, position] of venue.positions) {
    const entryPrice = position.entryPrice === position.entryPrice ? position.entryPrice : (venue.markets[symbol]?.markPrice ?? 0);
    const leverage = position.leverage > 0 ? position.leverage : configuredLeverage;
    positions[symbol] = { quantity: position.quantity, entryPrice, leverage, margin: isolatedMargin(position.quantity, entryPrice, leverage) };
  }
  // Flat symbols are listed too, as the kernel lists them: an entry's margin is then counted at the
  // leverage the venue is set to (the configured one), not at 1x.
  for (const symbol of Object.keys(venue.markets)) positions[symbol] ??= { quantity: 0, entryPrice: 0, leverage: configuredLeverage, margin: 0 };
  const snapshot: { -readonly [K in keyof RiskSnapshot]: RiskSnapshot[K] } = {
    equity: venue.equity,
    dayStartEquity: Number.NaN,
    weekStartEquity: Number.NaN,
    positions,
    workingOrders: venue.workingOrders,
    markets: venue.markets,
  };
  writeEquityReferences(snapshot, stop);
  if (venue.tradingState !== undefined) snapshot.tradingState = venue.tradingState;
  return snapshot;
}
