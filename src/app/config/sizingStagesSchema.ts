import { z } from 'zod';

const fraction = z.number().gt(0).lt(1);

/**
 * `sizing.stages`: a ladder of risk-per-trade steps per sleeve (XAUUSD runbook: 0.1 % → 0.25 % → 0.5 % → 1 %).
 * A step up needs `rampart sizing advance --reason` unless `automatic`; the stop-scaling conditions
 * (`stepDown`) say when the evidence calls for the step below. Fractions throughout (0.01 = 1 %).
 */
export const sizingStagesSchema = z
  .object({
    steps: z
      .array(fraction)
      .min(1)
      .refine((steps) => steps.every((step, index) => index === 0 || step > steps[index - 1]), 'the steps must rise strictly (each a fraction of equity risked per trade)'),
    /** The backtest's win rate the live one is compared with (fraction); absent: that criterion is not measured and holds the step. */
    backtestWinRate: z.number().min(0).max(1).optional(),
    advance: z
      .object({
        minTrades: z.number().int().min(0).default(10),
        minDaysWithoutErrors: z.number().min(0).default(7),
        /** Absolute gap between the live and the backtest win rate (0.1 = 10 points). */
        maxWinRateGap: z.number().min(0).max(1).default(0.1),
        minProfitFactor: z.number().min(0).default(1.2),
        /** Drawdown of the account's equity since the step began must stay below this fraction. */
        maxDrawdown: fraction.default(0.03),
      })
      .strict()
      .default({ minTrades: 10, minDaysWithoutErrors: 7, maxWinRateGap: 0.1, minProfitFactor: 1.2, maxDrawdown: 0.03 }),
    stepDown: z
      .object({
        /** Win rate and profit factor are judged only after this many trades on the step (a few trades say little). */
        minTrades: z.number().int().min(1).default(5),
        minWinRate: z.number().min(0).max(1).default(0.4),
        minProfitFactor: z.number().min(0).default(1.0),
        maxDrawdown: fraction.default(0.05),
        /** More execution errors than this on the step call for the step below. */
        maxExecutionErrors: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ minTrades: 5, minWinRate: 0.4, minProfitFactor: 1.0, maxDrawdown: 0.05, maxExecutionErrors: 0 }),
    /** true: a step the evidence allows is taken without an operator (recorded as `automatic`). */
    automatic: z.boolean().default(false),
  })
  .strict();

export type SizingStages = z.infer<typeof sizingStagesSchema>;
