import type { RiskDenial } from '../riskDecision.ts';
import type { MarketSnapshot } from '../riskSnapshot.ts';

/**
 * No entry on data older than `maxDataAgeSec` at `timeMs` (measured from the decision's data, else the
 * mark); missing data or an unknown time counts as stale.
 */
export function checkDataAge(market: MarketSnapshot | undefined, timeMs: number, maxDataAgeSec: number): RiskDenial | undefined {
  const dataAgeSec = market === undefined ? Number.POSITIVE_INFINITY : (timeMs - (market.dataTimeMs ?? market.markTimeMs)) / 1000;
  return dataAgeSec <= maxDataAgeSec ? undefined : { code: 'DATA_STALE', dataAgeSec, maxDataAgeSec };
}
