import { capitalProfileSchema, type CapitalProfile, type CapitalProfileInput } from './capitalProfile.ts';

const PRESET_INPUTS: readonly CapitalProfileInput[] = [
  // Drawdown family: limits scale with equity.
  { name: 'micro', description: 'most cautious; the default for an account without a profile', dailyDrawdownPct: 0.5, weeklyDrawdownPct: 2, riskPerTradePct: 0.2, maxPositions: 2, maxLeverage: 1 },
  { name: 'low', description: 'cautious', dailyDrawdownPct: 1, weeklyDrawdownPct: 3.5, riskPerTradePct: 0.5, maxPositions: 3, maxLeverage: 2 },
  { name: 'normal', description: 'standard', dailyDrawdownPct: 2, weeklyDrawdownPct: 7, riskPerTradePct: 1, maxPositions: 5, maxLeverage: 3 },
  { name: 'aggressive', description: 'largest drawdown budget', dailyDrawdownPct: 3.5, weeklyDrawdownPct: 12, riskPerTradePct: 2, maxPositions: 8, maxLeverage: 5 },
  // Size-capped family: absolute notional per symbol, for small live accounts stepping up a ladder.
  { name: 'MICRO', description: 'size-capped: $100 per symbol', maxPositionNotional: 100, maxLeverage: 2 },
  { name: 'SMALL', description: 'size-capped: $500 per symbol', maxPositionNotional: 500, maxLeverage: 5 },
  { name: 'MEDIUM', description: 'size-capped: $2,000 per symbol', maxPositionNotional: 2_000, maxLeverage: 10 },
  { name: 'LARGE', description: 'size-capped: $10,000 per symbol', maxPositionNotional: 10_000, maxLeverage: 20 },
];

/** The shipped profiles, validated once at load, in display order. */
export const PRESET_PROFILES: readonly CapitalProfile[] = Object.freeze(
  PRESET_INPUTS.map((input) => Object.freeze(capitalProfileSchema.parse(input))),
);

/** The profile an account gets when none is configured. */
export const MOST_CAUTIOUS_PROFILE_NAME = 'micro';
