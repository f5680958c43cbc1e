import type { StepGrid } from '../../domain/money/stepGrid.ts';
import type { SizingSettings } from '../engineSettings.ts';
import { targetLots, type TargetSizingInput } from '../orderTranslation/targetLots.ts';
import { simulatedFillPriceOnGrid } from '../simulated/simulatedFillPrice.ts';

/**
 * What sizing a sleeve's target needs: the target translation's inputs plus the reference price the
 * order is decided at (the bar's open or close) and the slippage the engine models. `price` is an
 * output: the expected fill price the lots were sized at. Reused per order by the kernel (only a
 * reference crosses the call, so no number is boxed when it is not inlined).
 */
export interface SleeveSizing extends TargetSizingInput {
  /** The decision's reference price: the bar's open (next_open) or the decision bar's close. */
  referencePrice: number;
  slippageBps: number;
  /** Written by sizeTargetLots: the expected fill price the lots were sized at. */
  price: number;
}

/**
 * The signed whole lots a target asks for, sized at the price a market order at the reference price
 * is expected to fill at (moved against the taker by the slippage, then on the tick grid: see
 * simulatedFillPriceOnGrid). The one sizing rule of backtest, paper and live.
 */
export function sizeTargetLots(settings: SizingSettings, input: SleeveSizing, ticks: StepGrid): number {
  input.price = simulatedFillPriceOnGrid(input.referencePrice, Math.sign(input.target), input.slippageBps, ticks);
  return targetLots(settings, input);
}
