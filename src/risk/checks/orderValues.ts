import type { OrderIntent } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';

/** Quantity and price must be finite and positive: corrupt numbers never reach a venue. */
export function checkOrderValues(intent: OrderIntent): RiskDenial | undefined {
  if (!Number.isFinite(intent.quantity) || intent.quantity <= 0) return { code: 'INVALID_ORDER', field: 'quantity', value: intent.quantity };
  if (!Number.isFinite(intent.price) || intent.price <= 0) return { code: 'INVALID_ORDER', field: 'price', value: intent.price };
  return undefined;
}
