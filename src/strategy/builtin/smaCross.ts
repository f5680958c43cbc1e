import { z } from 'zod';
import type { Bar, PositionView, Signal, Strategy, StrategyDefinition } from '../strategy.ts';
import { Sma } from '../indicators/sma.ts';

export const smaCrossParamsSchema = z
  .object({
    /** Fast SMA length in bars. */
    fast: z.number().int().min(1).default(10).describe('fast SMA length in bars'),
    /** Slow SMA length in bars, longer than fast. */
    slow: z.number().int().min(2).default(30).describe('slow SMA length in bars, longer than fast'),
  })
  .strict()
  .refine((params) => params.fast < params.slow, {
    message: 'fast must be shorter than slow',
    path: ['fast'],
  });

export type SmaCrossParams = z.infer<typeof smaCrossParamsSchema>;

/**
 * Moving-average crossover: long when the fast SMA crosses strictly above the slow one, short when it
 * crosses strictly below; holds otherwise (a touch without crossing is not a signal).
 */
export class SmaCross implements Strategy {
  readonly name = 'sma_cross';
  readonly warmupBars: number;
  private readonly fast: Sma;
  private readonly slow: Sma;
  private previousFast = NaN;
  private previousSlow = NaN;

  constructor(params: SmaCrossParams) {
    this.fast = new Sma(params.fast);
    this.slow = new Sma(params.slow);
    this.warmupBars = params.slow + 1;
  }

  indicatorValues(): Readonly<Record<string, number>> {
    return { fastSma: this.fast.value, slowSma: this.slow.value };
  }

  onBar(bar: Readonly<Bar>, _position: PositionView, signal: Signal): void {
    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    // Comparisons with NaN are false, so nothing fires before both averages have two values.
    if (this.previousFast < this.previousSlow && fast > slow) signal.target = 1;
    else if (this.previousFast > this.previousSlow && fast < slow) signal.target = -1;
    this.previousFast = fast;
    this.previousSlow = slow;
  }
}

export const smaCross: StrategyDefinition<SmaCrossParams> = {
  name: 'sma_cross',
  description: 'SMA crossover: +1 when the fast SMA crosses strictly above the slow SMA, −1 when strictly below, else hold.',
  paramsSchema: smaCrossParamsSchema,
  create: (params) => new SmaCross(params),
};
