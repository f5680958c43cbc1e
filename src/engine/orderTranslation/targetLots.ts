import { floorToLots } from '../../domain/money/stepRounding.ts';
import type { SizingSettings } from '../engineSettings.ts';

/** Inputs of the target → quantity translation, shared by backtest, paper and live. */
export interface TargetSizingInput {
  /** Signed target fraction in [-1, 1]. */
  readonly target: number;
  readonly sleeveWeight: number;
  /** Equity available to size with, after any closing fill in the same bar. */
  readonly equity: number;
  readonly leverage: number;
  /** Expected fill price. */
  readonly price: number;
  readonly lotStep: number;
  /** Protective stop distance in price units (NaN when the signal carries none). */
  readonly stopDistance: number;
}

/**
 * The signed number of whole lots a target asks for. Always rounded toward zero to the lot step:
 * an amount is never enlarged. In risk mode the stop distance sets the size, capped at what weight
 * sizing would give; a signal without a stop falls back to weight sizing. The inputs come as one
 * object, which the engine reuses per order: only references cross the call, so none of its numbers
 * is boxed when the call is not inlined.
 */
export function targetLots(sizing: SizingSettings, input: TargetSizingInput): number {
  const target = input.target;
  const equity = input.equity;
  const price = input.price;
  const magnitude = Math.abs(target);
  if (magnitude === 0 || !(equity > 0) || !(price > 0)) return 0;
  const weightQuantity = (magnitude * input.sleeveWeight * equity * input.leverage) / price;
  let quantity: number;
  switch (sizing.mode) {
    case 'weight':
      quantity = weightQuantity;
      break;
    case 'all_in':
      quantity = (magnitude * equity * input.leverage) / price;
      break;
    case 'fixed_notional':
      quantity = (magnitude * sizing.notional) / price;
      break;
    case 'fixed_quantity':
      quantity = magnitude * (sizing.quantity ?? 0);
      break;
    case 'risk': {
      const stopDistance = input.stopDistance;
      quantity = stopDistance > 0 ? Math.min((magnitude * sizing.riskPerTrade * equity) / stopDistance, weightQuantity) : weightQuantity;
      break;
    }
  }
  const lots = floorToLots(quantity, input.lotStep);
  // 0 − lots, not −lots: zero lots stay +0 rather than becoming −0, which is not a small integer.
  return target < 0 ? 0 - lots : lots;
}
