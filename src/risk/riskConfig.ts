import { z } from 'zod';
import { capitalProfileSchema } from './profiles/capitalProfile.ts';
import { DEFAULT_SESSIONS } from './guardrailPresets.ts';

const tradingStateAction = z.enum(['REDUCING', 'HALTED']);
const percent = z.number().positive().max(100);

const sessionHoursSchema = z
  .object({ startHourUtc: z.number().int().min(0).max(23), endHourUtc: z.number().int().min(0).max(24) })
  .strict();

/**
 * Settings of the whole risk engine. Parse once (`riskConfigSchema.parse(raw)`); every section has
 * defaults, so `{}` is a valid, cautious config. Percentages are percent (80 = 80%).
 */
export const riskConfigSchema = z
  .object({
    /**
     * Set by `risk: research` (researchPreset.ts), never written by hand: every account on the research
     * profile, labelled RESEARCH in every report, refused by paper and live.
     */
    preset: z.literal('research').optional(),
    /** Custom capital profiles by name, usable in `accounts` beside the presets. */
    profiles: z.record(z.string(), capitalProfileSchema).default({}),
    /** Profile of each account: a profile name or an inline profile. Unlisted accounts get 'micro'. */
    accounts: z.record(z.string(), z.union([z.string().min(1), capitalProfileSchema])).default({}),
    /** Profile guard settings that are not per profile. */
    profileGuard: z
      .object({
        /** Stop distance assumed for an intent without one, percent of price, so risk per trade still binds. */
        assumedStopPct: percent.default(5),
      })
      .strict()
      .prefault({}),
    /** Portfolio gate: limits across all positions of an account. */
    portfolio: z
      .object({
        /** Most total margin (positions plus working entries) as percent of equity. */
        maxMarginPct: percent.default(80),
        /** Most margin on one symbol as percent of equity. */
        maxSymbolExposurePct: percent.default(30),
        /** Sleeves whose return correlation reaches this count their exposure together. */
        correlationThreshold: z.number().min(-1).max(1).default(0.8),
        /** Most margin of a group of correlated sleeves' symbols as percent of equity. */
        maxCorrelatedExposurePct: percent.default(50),
        /** Number of most recent returns the correlation is computed over. */
        correlationWindow: z.number().int().min(2).default(50),
        /** Fewer overlapping returns than this: no correlation is assumed. */
        minCorrelationSamples: z.number().int().min(2).default(20),
      })
      .strict()
      .prefault({}),
    /** Order sanity: fat-finger, collar, duplicates, throttle, restricted symbols. */
    sanity: z
      .object({
        /** Most notional of one order, account currency. */
        maxOrderNotional: z.number().positive().default(100_000),
        /** Most quantity of one order by symbol, base units; symbols not listed have no quantity cap. */
        maxOrderQuantity: z.record(z.string(), z.number().positive()).default({}),
        /** Most distance of the order price from the mark, percent of the mark. */
        priceCollarPct: percent.default(5),
        /** Oldest mark price the collar accepts, ms. */
        maxMarkAgeMs: z.number().int().positive().default(300_000),
        /** Same account, sleeve, symbol, side and quantity within this window is a duplicate, ms. */
        duplicateWindowMs: z.number().int().nonnegative().default(1_000),
        /** Most orders per account within `throttleWindowMs`. */
        maxOrdersPerWindow: z.number().int().positive().default(10),
        throttleWindowMs: z.number().int().positive().default(1_000),
        /** Throttle breaches, each within `breachWindowMs` of the previous, that HALT the account. */
        breachesToHalt: z.number().int().positive().default(3),
        breachWindowMs: z.number().int().positive().default(60_000),
        /** Symbols that may be traded; empty means all. */
        allowedSymbols: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    /** Execution guardrails: a preset, each field overridable. */
    guardrails: z
      .object({
        preset: z.enum(['conservative', 'moderate', 'aggressive']).default('moderate'),
        maxSpreadAtrFraction: z.number().positive().optional(),
        maxDataAgeSec: z.number().positive().optional(),
        blockedSessions: z.array(z.string().min(1)).optional(),
        maxAtrPct: z.number().positive().optional(),
        volatilityMode: z.enum(['block', 'scale']).optional(),
        minConfidence: z.number().min(0).max(1).optional(),
        /** Session hours by name, UTC. */
        sessions: z.record(z.string(), sessionHoursSchema).default({ ...DEFAULT_SESSIONS }),
      })
      .strict()
      .prefault({}),
    /** Emergency stop triggers and what each does to the account's trading state. */
    emergency: z
      .object({
        totalLoss: z
          .object({ enabled: z.boolean().default(true), lossPct: percent.default(10), action: tradingStateAction.default('HALTED') })
          .strict()
          .prefault({}),
        dailyDrawdown: z
          .object({ enabled: z.boolean().default(true), drawdownPct: percent.default(5), action: tradingStateAction.default('HALTED') })
          .strict()
          .prefault({}),
        /** Defaults to the profile's weekly drawdown limit; REDUCING lifts at the next ISO week. */
        weeklyDrawdown: z
          .object({ enabled: z.boolean().default(true), drawdownPct: percent.optional(), action: tradingStateAction.default('REDUCING') })
          .strict()
          .prefault({}),
        /** REDUCING lifts at the next UTC day. */
        consecutiveLosses: z
          .object({ enabled: z.boolean().default(true), count: z.number().int().positive().default(5), action: tradingStateAction.default('REDUCING') })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Share of a limit at which the risk status turns WARNING. */
    warningFraction: z.number().positive().max(1).default(0.8),
  })
  .strict()
  .superRefine((config, context) => {
    const sessionNames = Object.keys(config.guardrails.sessions);
    for (const session of config.guardrails.blockedSessions ?? []) {
      if (!sessionNames.includes(session)) {
        context.addIssue({
          code: 'custom',
          path: ['guardrails', 'blockedSessions'],
          message: `blocked session must be one of ${sessionNames.join(', ')}, was ${JSON.stringify(session)}`,
        });
      }
    }
  });

export type RiskConfig = z.infer<typeof riskConfigSchema>;
export type RiskConfigInput = z.input<typeof riskConfigSchema>;
