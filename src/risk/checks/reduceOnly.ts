import type { OrderIntent } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';

/**
 * A reduce-only order may never increase a position: denied when flat or on the position's side,
 * clipped to the position when larger (the venue would clip it too). Returns the quantity or a denial.
 */
export function checkReduceOnly(intent: OrderIntent, position: number): RiskDenial | number {
  if (!intent.reduceOnly) return intent.quantity;
  const reduces = position !== 0 && (intent.side === 'buy') === position < 0;
  if (!reduces) return { code: 'REDUCE_ONLY_WOULD_INCREASE', positionQuantity: position, orderQuantity: intent.quantity };
  return Math.min(intent.quantity, Math.abs(position));
}
