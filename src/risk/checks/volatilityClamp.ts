import type { RiskDenial } from '../riskDecision.ts';
import type { MarketSnapshot } from '../riskSnapshot.ts';

/**
 * Volatility clamp: above `maxAtrPct` (ATR as percent of the mark), 'block' denies the entry and
 * 'scale' returns the factor maxAtrPct / atrPct to shrink it by. Returns 1 when calm or ATR is unknown.
 */
export function checkVolatilityClamp(
  market: MarketSnapshot | undefined,
  maxAtrPct: number,
  mode: 'block' | 'scale',
): RiskDenial | number {
  if (market === undefined || !(market.atr > 0) || !(market.markPrice > 0)) return 1;
  const atrPct = (market.atr / market.markPrice) * 100;
  if (atrPct <= maxAtrPct) return 1;
  return mode === 'block' ? { code: 'VOLATILITY_TOO_HIGH', atrPct, maxAtrPct } : maxAtrPct / atrPct;
}
