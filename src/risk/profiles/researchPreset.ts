import type { CapitalProfileInput } from './capitalProfile.ts';
import type { RiskConfigInput } from '../riskConfig.ts';

/** The name `risk: research` gives its preset and its capital profile, shown in every report. */
export const RESEARCH_PRESET = 'research';

/**
 * The research profile: no limit but the venue's leverage ceiling. For reproducing another engine's
 * backtest, never for trading: paper and live refuse a config that uses it.
 */
export const RESEARCH_PROFILE: CapitalProfileInput = {
  name: RESEARCH_PRESET,
  description: 'RESEARCH: no profile limits, no emergency stop, gate and collar open; backtests only',
  maxLeverage: 125,
};

// Effectively unbounded figures for the checks that have no off switch.
const UNBOUNDED = 1e15;

/**
 * What `risk: research` expands to: every account on the research profile, the portfolio gate and
 * the price collar at their widest, no throttle or duplicate window, guardrails that never bind and
 * every emergency-stop trigger off (so no daily-breach lock either). The risk engine still sees every
 * order, so the run's path is the one paper and live take.
 */
export function researchRiskInput(): RiskConfigInput {
  return {
    preset: RESEARCH_PRESET,
    profiles: { [RESEARCH_PRESET]: RESEARCH_PROFILE },
    portfolio: { maxMarginPct: 100, maxSymbolExposurePct: 100, maxCorrelatedExposurePct: 100 },
    sanity: { maxOrderNotional: UNBOUNDED, priceCollarPct: 100, maxMarkAgeMs: Number.MAX_SAFE_INTEGER, duplicateWindowMs: 0, maxOrdersPerWindow: Number.MAX_SAFE_INTEGER },
    guardrails: { preset: 'aggressive', maxSpreadAtrFraction: UNBOUNDED, maxDataAgeSec: UNBOUNDED, blockedSessions: [], maxAtrPct: UNBOUNDED, minConfidence: 0 },
    emergency: {
      totalLoss: { enabled: false },
      dailyDrawdown: { enabled: false },
      weeklyDrawdown: { enabled: false },
      consecutiveLosses: { enabled: false },
    },
  };
}
