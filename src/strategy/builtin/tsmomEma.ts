import { z } from 'zod';
import type { Bar, PositionView, Signal, Strategy, StrategyDefinition } from '../strategy.ts';
import { Ema } from '../indicators/ema.ts';

export const tsmomEmaParamsSchema = z
  .object({
    /** EMA length in bars. */
    lookback: z.number().int().min(2).default(168).describe('EMA length in bars'),
  })
  .strict();

export type TsmomEmaParams = z.infer<typeof tsmomEmaParamsSchema>;

/** Time-series momentum: long above the EMA, short below it, flat until the EMA is stable. */
export class TsmomEma implements Strategy {
  readonly name = 'tsmom_ema';
  readonly warmupBars: number;
  private readonly ema: Ema;

  constructor(params: TsmomEmaParams) {
    this.ema = new Ema(params.lookback);
    this.warmupBars = params.lookback;
  }

  indicatorValues(): Readonly<Record<string, number>> {
    return { ema: this.ema.value };
  }

  onBar(bar: Readonly<Bar>, _position: PositionView, signal: Signal): void {
    const close = bar.close;
    const ema = this.ema.update(close);
    // NaN compares false both ways, so an unstable EMA gives 0.
    signal.target = close > ema ? 1 : close < ema ? -1 : 0;
  }
}

export const tsmomEma: StrategyDefinition<TsmomEmaParams> = {
  name: 'tsmom_ema',
  description: 'Time-series momentum: target = sign(close − EMA(lookback)), 0 until the EMA is stable.',
  paramsSchema: tsmomEmaParamsSchema,
  create: (params) => new TsmomEma(params),
};
