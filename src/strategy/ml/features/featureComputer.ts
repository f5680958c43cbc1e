import type { Bar } from '../../strategy.ts';

/** One feature on one stream of bars: updated in place at each bar close, NaN while warming up. */
export interface FeatureComputer {
  update(bar: Readonly<Bar>): number;
}
