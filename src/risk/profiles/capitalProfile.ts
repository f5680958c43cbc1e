import { z } from 'zod';

/**
 * A capital profile: the limits one account trades under. Percentages are percent of equity
 * (0.5 = 0.5%). A limit left out is not enforced by the profile (the emergency stop still is).
 */
export const capitalProfileSchema = z
  .object({
    /** Unique name, used in config (`accounts: {main: 'low'}`) and reports. */
    name: z.string().min(1),
    /** One line for `rampart profiles`. */
    description: z.string().default(''),
    /** Largest loss since 00:00 UTC, percent of that day's start equity, before new entries are denied. */
    dailyDrawdownPct: z.number().positive().max(100).optional(),
    /** Largest loss since Monday 00:00 UTC, percent of that week's start equity, before new entries are denied. */
    weeklyDrawdownPct: z.number().positive().max(100).optional(),
    /** Most equity one trade may lose at its stop (stop distance × quantity), percent of equity. */
    riskPerTradePct: z.number().positive().max(100).optional(),
    /** Most open positions plus working entry orders at once. */
    maxPositions: z.number().int().positive().optional(),
    /** Most gross notional (positions plus working entries) as a multiple of equity; also caps the venue leverage setting. */
    maxLeverage: z.number().positive().max(125),
    /** Most worst-case notional on one symbol, account currency. */
    maxPositionNotional: z.number().positive().optional(),
    /** Strategy names this profile may run; empty means every strategy not denied. */
    allowedStrategies: z.array(z.string().min(1)).default([]),
    /** Strategy names this profile never runs (wins over the allow-list). */
    deniedStrategies: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type CapitalProfile = z.infer<typeof capitalProfileSchema>;
export type CapitalProfileInput = z.input<typeof capitalProfileSchema>;
