import { StepGrid } from '../../domain/money/stepGrid.ts';

/**
 * The simulated venue's fill price for a market order: the reference price moved against the taker
 * by `slippageBps`, then put on the tick grid (buys round up, sells round down, so slippage is never
 * rounded away in the trader's favour). `side` is +1 for a buy, -1 for a sell.
 */
export function simulatedFillPrice(referencePrice: number, side: number, slippageBps: number, tickSize: number): number {
  return simulatedFillPriceOnGrid(referencePrice, side, slippageBps, new StepGrid(tickSize));
}

/** simulatedFillPrice with the tick grid prepared once (the engine's per-order path). */
export function simulatedFillPriceOnGrid(referencePrice: number, side: number, slippageBps: number, ticks: StepGrid): number {
  const slipped = referencePrice * (1 + (side * slippageBps) / 10_000);
  const tickCount = slipped / ticks.step;
  // The tolerance keeps a price already on the grid (within float error) from moving a whole tick.
  const gridTicks = side > 0 ? Math.ceil(tickCount - 1e-9) : Math.floor(tickCount + 1e-9);
  return ticks.toValue(gridTicks);
}
