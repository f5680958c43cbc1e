import { exceeds } from '../drawdownPct.ts';
import { sideWorstQuantity, valuationPrice } from '../exposure.ts';
import type { OrderIntent } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';
import type { RiskSnapshot } from '../riskSnapshot.ts';

/**
 * Size cap per symbol (size-capped profiles, C4): the position on the order's side after it fills,
 * with the working entries on that side, may not pass `maxNotional` at the mark.
 */
export function checkPositionNotional(
  intent: OrderIntent,
  quantity: number,
  snapshot: RiskSnapshot,
  maxNotional: number | undefined,
): RiskDenial | undefined {
  if (maxNotional === undefined) return undefined;
  const notional = Math.abs(sideWorstQuantity(snapshot, intent.symbol, intent.side, quantity)) * valuationPrice(snapshot, intent.symbol, intent.price);
  return exceeds(notional, maxNotional) ? { code: 'POSITION_NOTIONAL_EXCEEDED', maxNotional, notional } : undefined;
}
