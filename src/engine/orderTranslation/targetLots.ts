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
 * sizing would give; a signal without a stop falls back to weight sizing.
 */
export function targetLots(sizing: SizingSettings, input: TargetSizingInput): number {
  return targetLotsOf(sizing, input.target, input.sleeveWeight, input.equity, input.leverage, input.price, input.lotStep, input.stopDistance);
}

/** targetLots with its inputs as arguments: the engine's per-order path allocates nothing. */
export function targetLotsOf(
  sizing: SizingSettings,
  target: number,
  sleeveWeight: number,
  equity: number,
  leverage: number,
  price: number,
  lotStep: number,
  stopDistance: number,
): number {
  const magnitude = Math.abs(target);
  if (magnitude === 0 || !(equity > 0) || !(price > 0)) return 0;
  const weightQuantity = (magnitude * sleeveWeight * equity * leverage) / price;
  let quantity: number;
  switch (sizing.mode) {
    case 'weight':
      quantity = weightQuantity;
      break;
    case 'all_in':
      quantity = (magnitude * equity * leverage) / price;
      break;
    case 'fixed_notional':
      quantity = (magnitude * sizing.notional) / price;
      break;
    case 'risk':
      quantity = stopDistance > 0 ? Math.min((magnitude * sizing.riskPerTrade * equity) / stopDistance, weightQuantity) : weightQuantity;
      break;
  }
  const lots = floorToLots(quantity, lotStep);
  // 0 − lots, not −lots: zero lots stay +0 rather than becoming −0, which is not a small integer.
  return target < 0 ? 0 - lots : lots;
}
