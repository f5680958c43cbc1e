import type { CapitalProfile } from '../../risk/index.ts';
import type { RiskDenialRecord, RiskGateSummary } from '../risk/index.ts';
import type { RiskDenialReport, RiskProfileReport, RiskReport } from './backtestReport.ts';

/** The report's `risk` section from the gate's raw records: ISO times, figures rounded to 6 decimals. */
export function buildRiskReport(summary: RiskGateSummary): Required<RiskReport> {
  const profiles: Record<string, RiskProfileReport> = {};
  for (const [account, profile] of Object.entries(summary.profiles)) profiles[account] = profileReport(profile);
  return {
    denials: summary.denials.map(denialReport),
    denialCount: summary.denialCount,
    denialsByCode: sortedCounts(summary.denialsByCode),
    resized: {
      count: summary.resizeCount,
      byReason: sortedCounts(summary.resizesByReason),
      orders: summary.resizes.map((resize) => ({
        time: iso(resize.timeMs),
        sleeve: resize.sleeve,
        reason: resize.reason,
        originalQuantity: resize.originalQuantity,
        quantity: resize.quantity,
      })),
    },
    stateChanges: summary.stateChanges.map((change) => ({
      time: iso(change.timeMs),
      account: change.account,
      from: change.from,
      to: change.to,
      trigger: change.trigger,
      ...(change.reason === undefined ? {} : { reason: change.reason }),
      ...roundFigures(change.figures),
    })),
    profiles,
  };
}

/**
 * One denial as the report (and `rampart status`, from the stored records of paper and live) shows it:
 * ISO time, sleeve, account, code and the figures rounded to 6 decimals.
 */
export function denialReport(denial: RiskDenialRecord): RiskDenialReport {
  return { time: iso(denial.timeMs), sleeve: denial.sleeve, account: denial.account, code: denial.code, ...roundFigures(denial.figures) };
}

function profileReport(profile: CapitalProfile): RiskProfileReport {
  return {
    name: profile.name,
    dailyDrawdownPct: profile.dailyDrawdownPct ?? null,
    weeklyDrawdownPct: profile.weeklyDrawdownPct ?? null,
    riskPerTradePct: profile.riskPerTradePct ?? null,
    maxPositions: profile.maxPositions ?? null,
    maxLeverage: profile.maxLeverage,
    maxPositionNotional: profile.maxPositionNotional ?? null,
    allowedStrategies: [...profile.allowedStrategies],
    deniedStrategies: [...profile.deniedStrategies],
  };
}

/** Counts keyed in a fixed order, so the same run serialises to the same bytes. */
export function sortedCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  const sorted: Record<string, number> = {};
  for (const key of Object.keys(counts).sort()) sorted[key] = counts[key];
  return sorted;
}

function roundFigures(figures: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(figures)) out[key] = typeof value === 'number' ? round6(value) : value;
  return out;
}

function round6(value: number): number | null {
  // JSON has no NaN or Infinity: an unknown or unbounded figure is null.
  if (!Number.isFinite(value)) return null;
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded;
}

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString();
}
