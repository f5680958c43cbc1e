import type { RiskEventRecord } from '../../ports/tradeStore.ts';
import { denialOfRiskEvent } from '../risk/riskEventRecords.ts';
import type { RiskDenialReport } from './backtestReport.ts';
import { denialReport, sortedCounts } from './buildRiskReport.ts';

/** Risk-engine denials read back from the store (paper and live), in the report's `risk` shape. */
export interface StoredDenialsReport {
  readonly denialCount: number;
  readonly denialsByCode: Record<string, number>;
  /** The newest `shown` denials, oldest first, as the report's `risk.denials` entries. */
  readonly denials: RiskDenialReport[];
}

/**
 * The denials among stored risk events (events that are no risk-engine denial, such as a venue's
 * refusal or a paused entry, are left out), counted by code and the newest shown as the backtest
 * report shows its own: what `rampart status` prints in every mode.
 */
export function storedDenialsReport(events: readonly RiskEventRecord[], shown: number): StoredDenialsReport {
  const denials = events.map(denialOfRiskEvent).filter((denial) => denial !== undefined);
  const counts: Record<string, number> = {};
  for (const denial of denials) counts[denial.code] = (counts[denial.code] ?? 0) + 1;
  return { denialCount: denials.length, denialsByCode: sortedCounts(counts), denials: denials.slice(Math.max(0, denials.length - shown)).map(denialReport) };
}
