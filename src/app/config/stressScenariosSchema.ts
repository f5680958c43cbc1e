import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _');
const description = z.string().default('');

/** One registered scenario; `kind` selects its fields. */
const scenario = z.discriminatedUnion('kind', [
  z.object({ name, description, kind: z.literal('priceShock'), /** Signed move of each symbol's mark, percent. */ movePct: z.number().gt(-100).lt(1000).refine((v) => v !== 0, 'must not be 0'), /** Symbols shocked; empty: every held symbol, one at a time. */ symbols: z.array(z.string().min(1)).default([]) }).strict(),
  z.object({ name, description, kind: z.literal('correlatedCrash'), /** Signed move of every symbol at once, percent. */ movePct: z.number().gt(-100).lt(1000).refine((v) => v !== 0, 'must not be 0') }).strict(),
  z.object({ name, description, kind: z.literal('volatilitySpike'), /** Adverse move in ATRs (of the config's timeframe, 14 bars). */ atrMultiple: z.number().positive().max(100) }).strict(),
  z.object({ name, description, kind: z.literal('fundingSpike'), /** Funding every position pays per 8 hours, percent of notional. */ ratePer8hPct: z.number().positive().max(100), hours: z.number().positive().max(24 * 365) }).strict(),
  z
    .object({ name, description, kind: z.literal('exchangeOutage'), hours: z.number().positive().max(24 * 30), /** Adverse move meanwhile, percent. */ adverseMovePct: z.number().min(0).lt(100), /** Funding paid meanwhile per 8 hours, percent. */ ratePer8hPct: z.number().min(0).max(100).default(0) })
    .strict(),
]);

/** The stress-scenario registry (`config/stress-scenarios.yaml`): scenarios as data, operators add their own. */
export const stressScenariosSchema = z
  .object({
    /** A position ending closer to its liquidation price than this, percent, makes a scenario WARNING. */
    liquidationWarnPct: z.number().min(0).max(100).default(10),
    /** ATR period in bars of the config's timeframe (volatility spike). */
    atrPeriod: z.number().int().min(1).max(500).default(14),
    scenarios: z
      .array(scenario)
      .min(1, 'at least one scenario')
      .superRefine((list, context) => {
        const seen = new Set<string>();
        for (const [index, entry] of list.entries()) {
          if (seen.has(entry.name)) context.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'name'], message: `duplicate scenario name "${entry.name}"` });
          seen.add(entry.name);
        }
      }),
  })
  .strict();

export type StressScenariosFile = z.output<typeof stressScenariosSchema>;
