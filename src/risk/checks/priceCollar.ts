import type { RiskDenial } from '../riskDecision.ts';
import type { MarketSnapshot } from '../riskSnapshot.ts';

/**
 * Price collar against the mark (C2): fails closed when the mark is missing, not finite, not
 * positive, or older than `maxMarkAgeMs` at `timeMs`; otherwise the price may sit at most
 * `collarPct` percent from the mark.
 */
export function checkPriceCollar(
  symbol: string,
  price: number,
  timeMs: number,
  market: MarketSnapshot | undefined,
  collarPct: number,
  maxMarkAgeMs: number,
): RiskDenial | undefined {
  const markPrice = market === undefined ? Number.NaN : market.markPrice;
  if (!Number.isFinite(markPrice) || markPrice <= 0) return { code: 'MARK_PRICE_UNAVAILABLE', symbol, markPrice };
  const markAgeMs = timeMs - (market as MarketSnapshot).markTimeMs;
  // NaN age (unknown mark time) fails the comparison the safe way round.
  if (!(markAgeMs <= maxMarkAgeMs)) return { code: 'MARK_PRICE_STALE', markAgeMs, maxMarkAgeMs };
  const deviationPct = (Math.abs(price - markPrice) / markPrice) * 100;
  if (deviationPct > collarPct) return { code: 'PRICE_OUTSIDE_COLLAR', price, markPrice, deviationPct, collarPct };
  return undefined;
}
