import { z } from 'zod';
import type { Bar, PositionView, Signal, Strategy, StrategyDefinition } from '../strategy.ts';
import { Ema } from '../indicators/ema.ts';

export const tsmomMultiEmaParamsSchema = z
  .object({
    /** EMA lengths in bars; the target is the mean of their votes. */
    lookbacks: z
      .array(z.number().int().min(2))
      .min(1)
      .default([72, 168, 336, 720])
      .describe('EMA lengths in bars; the target is the mean of their votes'),
  })
  .strict();

export type TsmomMultiEmaParams = z.infer<typeof tsmomMultiEmaParamsSchema>;

/** Time-series momentum over several horizons: the mean of sign(close − EMA_k), a fraction in [-1, 1]. */
export class TsmomMultiEma implements Strategy {
  readonly name = 'tsmom_multi_ema';
  readonly warmupBars: number;
  private readonly emas: Ema[];
  private readonly longest: Ema;

  constructor(params: TsmomMultiEmaParams) {
    this.emas = params.lookbacks.map((lookback) => new Ema(lookback));
    this.longest = this.emas.reduce((a, b) => (b.period > a.period ? b : a));
    this.warmupBars = this.longest.period;
  }

  indicatorValues(): Readonly<Record<string, number>> {
    const values: Record<string, number> = {};
    for (const ema of this.emas) values[`ema${ema.period}`] = ema.value;
    return values;
  }

  onBar(bar: Readonly<Bar>, _position: PositionView, signal: Signal): void {
    const close = bar.close;
    const emas = this.emas;
    let votes = 0;
    for (let k = 0; k < emas.length; k++) {
      const ema = emas[k].update(close);
      votes += close > ema ? 1 : close < ema ? -1 : 0;
    }
    signal.target = this.longest.isStable ? votes / emas.length : 0;
  }
}

export const tsmomMultiEma: StrategyDefinition<TsmomMultiEmaParams> = {
  name: 'tsmom_multi_ema',
  description: 'Multi-horizon momentum: target = mean of sign(close − EMA_k) over lookbacks, 0 until the longest EMA is stable.',
  paramsSchema: tsmomMultiEmaParamsSchema,
  create: (params) => new TsmomMultiEma(params),
};
