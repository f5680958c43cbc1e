import { exceeds } from '../drawdownPct.ts';
import { symbolMargin } from '../exposure.ts';
import type { OrderIntent } from '../orderIntent.ts';
import { sideSign } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';
import type { RiskSnapshot } from '../riskSnapshot.ts';

/**
 * Portfolio gate: one symbol's worst-case margin after this order may not pass `maxExposurePct` of
 * equity. Margin, not notional, so the profile's leverage cap and this limit do not fight.
 */
export function checkSymbolExposure(intent: OrderIntent, quantity: number, snapshot: RiskSnapshot, maxExposurePct: number): RiskDenial | undefined {
  const margin = symbolMargin(snapshot, intent.symbol, sideSign(intent.side) * quantity, intent.price);
  const exposurePct = snapshot.equity > 0 ? (margin / snapshot.equity) * 100 : Number.POSITIVE_INFINITY;
  return exceeds(exposurePct, maxExposurePct) ? { code: 'SYMBOL_EXPOSURE_EXCEEDED', maxExposurePct, exposurePct } : undefined;
}
