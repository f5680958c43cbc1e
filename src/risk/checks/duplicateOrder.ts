import type { OrderIntent, OrderSide } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';

/** An order the engine let through, remembered for duplicate detection. */
export interface RecentOrder {
  readonly sleeve: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Quantity the intent asked for, base units. */
  readonly quantity: number;
  /** A reduce-only close and an opening order of the same size are a reversal, not a duplicate. */
  readonly reduceOnly?: boolean;
  readonly timeMs: number;
}

/**
 * Duplicate detection (C8): the same sleeve asking for the same symbol, side and quantity within
 * `windowMs` of an order already let through. Two sleeves may legitimately trade alike, and a
 * reversal (a reduce-only close, then an entry of the same size and side) is two different orders.
 */
export function checkDuplicateOrder(intent: OrderIntent, recent: readonly RecentOrder[], windowMs: number): RiskDenial | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const order = recent[i];
    if (intent.timeMs - order.timeMs > windowMs) continue;
    if (order.sleeve === intent.sleeve && order.symbol === intent.symbol && order.side === intent.side && order.quantity === intent.quantity && (order.reduceOnly ?? false) === intent.reduceOnly) {
      return { code: 'DUPLICATE_ORDER', previousTimeMs: order.timeMs, windowMs };
    }
  }
  return undefined;
}
