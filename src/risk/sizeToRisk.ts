import { sideWorstQuantity, valuationPrice } from './exposure.ts';
import type { OrderIntent } from './orderIntent.ts';
import type { CapitalProfile } from './profiles/capitalProfile.ts';
import type { ResizeReason } from './riskDecision.ts';
import type { RiskSnapshot } from './riskSnapshot.ts';

/** The stop distance (price units) risk is measured with: the intent's, or `assumedStopPct` of its price. */
export function effectiveStopDistance(intent: OrderIntent, assumedStopPct: number): number {
  return Number.isFinite(intent.stopDistance) && intent.stopDistance > 0 ? intent.stopDistance : (intent.price * assumedStopPct) / 100;
}

export interface SizedQuantity {
  /** Largest quantity within the profile's risk per trade and size cap, at most the one asked for; 0 when nothing fits. */
  readonly quantity: number;
  /** The bound that shrank it; null when it fits as asked. */
  readonly reason: ResizeReason | null;
}

/**
 * The sizer: shrinks an entry so that stop distance × quantity stays within the profile's risk per
 * trade and the symbol's worst-case notional within its size cap. The guard checks deny what still
 * does not fit (e.g. when the answer is 0).
 */
export function sizeToRisk(
  intent: OrderIntent,
  quantity: number,
  snapshot: RiskSnapshot,
  profile: CapitalProfile,
  assumedStopPct: number,
): SizedQuantity {
  let sized = quantity;
  let reason: ResizeReason | null = null;
  if (profile.riskPerTradePct !== undefined) {
    const byRisk = snapshot.equity > 0 ? ((profile.riskPerTradePct / 100) * snapshot.equity) / effectiveStopDistance(intent, assumedStopPct) : 0;
    if (byRisk < sized) {
      sized = byRisk;
      reason = 'RISK_PER_TRADE';
    }
  }
  if (profile.maxPositionNotional !== undefined) {
    const capQuantity = profile.maxPositionNotional / valuationPrice(snapshot, intent.symbol, intent.price);
    const worst = sideWorstQuantity(snapshot, intent.symbol, intent.side, 0);
    const byCap = intent.side === 'buy' ? capQuantity - worst : capQuantity + worst;
    if (byCap < sized) {
      sized = byCap;
      reason = 'POSITION_NOTIONAL_CAP';
    }
  }
  return { quantity: sized > 0 ? sized : 0, reason };
}
