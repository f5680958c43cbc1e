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
  const magnitude = Math.abs(input.target);
  if (magnitude === 0 || !(input.equity > 0) || !(input.price > 0)) return 0;
  const weightQuantity = (magnitude * input.sleeveWeight * input.equity * input.leverage) / input.price;
  let quantity: number;
  switch (sizing.mode) {
    case 'weight':
      quantity = weightQuantity;
      break;
    case 'all_in':
      quantity = (magnitude * input.equity * input.leverage) / input.price;
      break;
    case 'fixed_notional':
      quantity = (magnitude * sizing.notional) / input.price;
      break;
    case 'risk':
      quantity =
        input.stopDistance > 0
          ? Math.min((magnitude * sizing.riskPerTrade * input.equity) / input.stopDistance, weightQuantity)
          : weightQuantity;
      break;
  }
  const lots = floorToLots(quantity, input.lotStep);
  return input.target < 0 ? -lots : lots;
}
