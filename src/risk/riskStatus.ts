import type { TradingState } from './tradingState.ts';

export const RiskLevel = { OK: 'OK', WARNING: 'WARNING', CRITICAL: 'CRITICAL' } as const;
export type RiskLevel = (typeof RiskLevel)[keyof typeof RiskLevel];

/** One measure against its limit, same unit for both (percent, multiple or count). */
export interface RiskMeasure {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
}

export interface RiskStatus {
  readonly level: RiskLevel;
  readonly state: TradingState;
  readonly measures: readonly RiskMeasure[];
}

/**
 * WARNING once any measure reaches `warningFraction` of its limit, CRITICAL when one reaches the
 * limit or trading is not ACTIVE. A NaN measure (unknown) counts as CRITICAL: fail closed.
 */
export function riskLevel(measures: readonly RiskMeasure[], state: TradingState, warningFraction: number): RiskLevel {
  if (state !== 'ACTIVE') return RiskLevel.CRITICAL;
  let level: RiskLevel = RiskLevel.OK;
  for (const measure of measures) {
    if (Number.isNaN(measure.value) || measure.value >= measure.limit) return RiskLevel.CRITICAL;
    if (measure.value >= measure.limit * warningFraction) level = RiskLevel.WARNING;
  }
  return level;
}

/** The worst of several levels (the global status over all accounts). */
export function worstLevel(levels: Iterable<RiskLevel>): RiskLevel {
  let worst: RiskLevel = RiskLevel.OK;
  for (const level of levels) {
    if (level === RiskLevel.CRITICAL) return level;
    if (level === RiskLevel.WARNING) worst = level;
  }
  return worst;
}
