import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { FindingCode, FindingSeverity, isoTime, type DataFinding } from './dataFinding.ts';
import { checkTimeline, type TimelineCheckOptions } from './checkTimeline.ts';
import { formatTimeframe, medianStepMs } from '../../domain/market/inferTimeframe.ts';

export interface CandleCheckOptions extends Omit<TimelineCheckOptions, 'stepMs'> {
  /** The series' bar length; steps longer than it are reported as gaps. */
  readonly timeframeMs?: number;
}

/** Fewest rows whose median step is compared with the timeframe. */
const MIN_ROWS_FOR_STEP = 10;

/**
 * Data-quality findings of a candle series, in row order then whole-series findings: duplicates,
 * out-of-order rows, gaps, NaN, non-positive prices, negative volume, OHLC violations (high below
 * open/close/low, low above open/close), rows from the future, staleness and a median step that is
 * not the timeframe. Pure: no I/O, no clock.
 */
export function checkCandles(series: CandleSeries, options: CandleCheckOptions = {}): DataFinding[] {
  const findings = checkTimeline(series.time, series.length, { ...options, stepMs: options.timeframeMs });
  // A handful of rows says little about the step (two bars around a gap); a file of real data has many.
  const stepMs = series.length >= MIN_ROWS_FOR_STEP ? medianStepMs(series.time.subarray(0, series.length)) : Number.NaN;
  if (options.timeframeMs !== undefined && Number.isFinite(stepMs) && stepMs !== options.timeframeMs) {
    findings.push({
      severity: FindingSeverity.HARD,
      code: FindingCode.TIMEFRAME_MISMATCH,
      time: '-',
      index: -1,
      detail: `the bars are ${formatTimeframe(stepMs)} apart (median step), the series is labelled ${formatTimeframe(options.timeframeMs)}`,
    });
  }
  for (let i = 0; i < series.length; i++) {
    const time = isoTime(series.time[i]);
    const open = series.open[i];
    const high = series.high[i];
    const low = series.low[i];
    const close = series.close[i];
    const volume = series.volume[i];
    const nanColumns = (['open', 'high', 'low', 'close', 'volume'] as const).filter((column) => Number.isNaN(series[column][i]));
    if (nanColumns.length > 0) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.NAN, time, index: i, detail: `${nanColumns.join(', ')} NaN` });
      continue;
    }
    if (!(open > 0 && high > 0 && low > 0 && close > 0)) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.NON_POSITIVE_PRICE, time, index: i, detail: `open ${open}, high ${high}, low ${low}, close ${close}` });
    }
    if (volume < 0) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.NEGATIVE_VOLUME, time, index: i, detail: `volume ${volume}` });
    }
    if (high < Math.max(open, close, low) || low > Math.min(open, close, high)) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.OHLC_VIOLATION, time, index: i, detail: `open ${open}, high ${high}, low ${low}, close ${close}` });
    }
  }
  return sortByIndex(findings);
}

/** Row findings in row order, whole-series findings (index -1) last. */
export function sortByIndex(findings: DataFinding[]): DataFinding[] {
  const key = (finding: DataFinding) => (finding.index < 0 ? Number.POSITIVE_INFINITY : finding.index);
  return findings.sort((a, b) => key(a) - key(b));
}
