import type { RiskDenial } from '../riskDecision.ts';
import { exceeds } from '../drawdownPct.ts';

/** Fat-finger limits (C1): one order's quantity (per symbol, when configured) and notional. */
export function checkMaxOrderSize(
  quantity: number,
  price: number,
  maxQuantity: number | undefined,
  maxNotional: number,
): RiskDenial | undefined {
  if (maxQuantity !== undefined && exceeds(quantity, maxQuantity)) return { code: 'QUANTITY_EXCEEDS_MAX_PER_ORDER', maxQuantity, quantity };
  const notional = quantity * price;
  if (exceeds(notional, maxNotional)) return { code: 'NOTIONAL_EXCEEDS_MAX_PER_ORDER', maxNotional, notional };
  return undefined;
}
