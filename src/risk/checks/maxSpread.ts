import type { RiskDenial } from '../riskDecision.ts';
import type { MarketSnapshot } from '../riskSnapshot.ts';

/** Entries wait while the spread is wider than `maxSpreadAtrFraction` of ATR; skipped when either is unknown. */
export function checkMaxSpread(market: MarketSnapshot | undefined, maxSpreadAtrFraction: number): RiskDenial | undefined {
  if (market === undefined || !(market.spread >= 0) || !(market.atr > 0)) return undefined;
  const spreadAtrFraction = market.spread / market.atr;
  return spreadAtrFraction > maxSpreadAtrFraction ? { code: 'SPREAD_TOO_WIDE', spreadAtrFraction, maxSpreadAtrFraction } : undefined;
}
