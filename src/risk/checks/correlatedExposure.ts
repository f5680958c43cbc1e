import { trailingCorrelation } from '../correlation.ts';
import { exceeds } from '../drawdownPct.ts';
import { exposedSymbols, symbolMargin } from '../exposure.ts';
import type { OrderIntent } from '../orderIntent.ts';
import { sideSign } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';
import type { RiskSnapshot } from '../riskSnapshot.ts';

export interface CorrelationLimit {
  /** Correlation at or above which two sleeves count as one exposure. */
  readonly correlationThreshold: number;
  /** Most margin of the correlated group, percent of equity. */
  readonly maxCorrelatedExposurePct: number;
  readonly correlationWindow: number;
  readonly minCorrelationSamples: number;
}

/**
 * Portfolio gate: sleeves whose recent returns correlate with the ordering sleeve at or above the
 * threshold, and hold exposure on another symbol, have their margin counted with this symbol's.
 * Skipped when the snapshot carries no return history for the ordering sleeve.
 */
export function checkCorrelatedExposure(
  intent: OrderIntent,
  quantity: number,
  snapshot: RiskSnapshot,
  limit: CorrelationLimit,
): RiskDenial | undefined {
  const histories = snapshot.sleeveReturns;
  const own = histories?.[intent.sleeve];
  if (histories === undefined || own === undefined) return undefined;
  const exposed = exposedSymbols(snapshot);
  const groupSymbols = new Set<string>();
  const correlatedSleeves: string[] = [];
  let highest = Number.NEGATIVE_INFINITY;
  for (const sleeve in histories) {
    const other = histories[sleeve];
    if (sleeve === intent.sleeve || other === undefined || other.symbol === intent.symbol || !exposed.has(other.symbol)) continue;
    const correlation = trailingCorrelation(own.returns, other.returns, limit.correlationWindow, limit.minCorrelationSamples);
    if (!(correlation >= limit.correlationThreshold)) continue;
    correlatedSleeves.push(sleeve);
    groupSymbols.add(other.symbol);
    if (correlation > highest) highest = correlation;
  }
  if (groupSymbols.size === 0) return undefined;
  let margin = symbolMargin(snapshot, intent.symbol, sideSign(intent.side) * quantity, intent.price);
  for (const symbol of groupSymbols) margin += symbolMargin(snapshot, symbol, 0, 0);
  const exposurePct = snapshot.equity > 0 ? (margin / snapshot.equity) * 100 : Number.POSITIVE_INFINITY;
  if (!exceeds(exposurePct, limit.maxCorrelatedExposurePct)) return undefined;
  return { code: 'CORRELATED_EXPOSURE_EXCEEDED', maxExposurePct: limit.maxCorrelatedExposurePct, exposurePct, correlation: highest, correlatedSleeves };
}
