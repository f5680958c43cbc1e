import { stepsToValue } from '../../domain/money/stepRounding.ts';

/**
 * The simulated venue's fill price for a market order: the reference price moved against the taker
 * by `slippageBps`, then put on the tick grid (buys round up, sells round down, so slippage is never
 * rounded away in the trader's favour). `side` is +1 for a buy, -1 for a sell.
 */
export function simulatedFillPrice(referencePrice: number, side: number, slippageBps: number, tickSize: number): number {
  const slipped = referencePrice * (1 + (side * slippageBps) / 10_000);
  const ticks = slipped / tickSize;
  // The tolerance keeps a price already on the grid (within float error) from moving a whole tick.
  const gridTicks = side > 0 ? Math.ceil(ticks - 1e-9) : Math.floor(ticks + 1e-9);
  return stepsToValue(gridTicks, tickSize);
}
