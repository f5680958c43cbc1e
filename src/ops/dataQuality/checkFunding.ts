import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import { FindingCode, FindingSeverity, isoTime, type DataFinding } from './dataFinding.ts';
import { checkTimeline, type TimelineCheckOptions } from './checkTimeline.ts';
import { sortByIndex } from './checkCandles.ts';

export interface FundingCheckOptions extends Omit<TimelineCheckOptions, 'stepMs'> {
  /** The venue's funding interval (8h on Binance for most perpetuals); longer steps are gaps. */
  readonly intervalMs?: number;
}

/** Data-quality findings of a funding series: the timeline checks plus NaN rates. Pure. */
export function checkFunding(series: FundingSeries, options: FundingCheckOptions = {}): DataFinding[] {
  const findings = checkTimeline(series.time, series.length, { ...options, stepMs: options.intervalMs });
  for (let i = 0; i < series.length; i++) {
    if (!Number.isFinite(series.rate[i])) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.NAN, time: isoTime(series.time[i]), index: i, detail: `rate ${series.rate[i]}` });
    }
  }
  return sortByIndex(findings);
}
