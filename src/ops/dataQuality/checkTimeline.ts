import { FindingCode, FindingSeverity, isoTime, type DataFinding } from './dataFinding.ts';

export interface TimelineCheckOptions {
  /** Expected step between rows (the timeframe or funding interval); longer steps are gaps. */
  readonly stepMs?: number;
  /** Largest allowed distance between consecutive row times; a wider gap is a hard finding. */
  readonly maxGapMs?: number;
  /** Oldest the last row may be relative to `nowMs`; older is a hard STALE finding. */
  readonly maxAgeMs?: number;
  /** The time the check runs at, for staleness and rows from the future. */
  readonly nowMs?: number;
}

/**
 * Checks row times: duplicates (anywhere), out-of-order steps, gaps wider than `stepMs`, rows from
 * the future and staleness. Pure: the caller passes the current time.
 */
export function checkTimeline(time: Float64Array, length: number, options: TimelineCheckOptions): DataFinding[] {
  const findings: DataFinding[] = [];
  if (length === 0) {
    findings.push({ severity: FindingSeverity.HARD, code: FindingCode.EMPTY, time: '-', index: -1, detail: 'the series holds no rows' });
    return findings;
  }
  const seen = new Set<number>();
  let previous = Number.NaN;
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    const t = time[i];
    if (!Number.isFinite(t)) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.NAN, time: 'invalid', index: i, detail: `time is ${t}` });
      continue;
    }
    if (seen.has(t)) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.DUPLICATE, time: isoTime(t), index: i, detail: 'a row with this time came earlier' });
    } else if (t < previous) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.OUT_OF_ORDER, time: isoTime(t), index: i, detail: `comes after ${isoTime(previous)}` });
    } else if (options.stepMs !== undefined && i > 0 && Number.isFinite(latest) && t - latest > options.stepMs) {
      // Measured from the latest time so far: a row back in time does not open a second gap.
      const gapMs = t - latest;
      const hard = options.maxGapMs !== undefined && gapMs > options.maxGapMs;
      const missing = Math.round(gapMs / options.stepMs) - 1;
      findings.push({
        severity: hard ? FindingSeverity.HARD : FindingSeverity.SOFT,
        code: FindingCode.GAP,
        time: isoTime(t),
        index: i,
        detail: `${formatDuration(gapMs)} since ${isoTime(latest)} (${missing} missing)${hard ? `, more than --max-gap ${formatDuration(options.maxGapMs!)}` : ''}`,
      });
    }
    if (options.nowMs !== undefined && t > options.nowMs) {
      findings.push({ severity: FindingSeverity.HARD, code: FindingCode.FUTURE_BAR, time: isoTime(t), index: i, detail: `after the current time ${isoTime(options.nowMs)}` });
    }
    seen.add(t);
    previous = t;
    if (t > latest) latest = t;
  }
  if (options.maxAgeMs !== undefined && options.nowMs !== undefined && Number.isFinite(latest) && options.nowMs - latest > options.maxAgeMs) {
    findings.push({
      severity: FindingSeverity.HARD,
      code: FindingCode.STALE,
      time: isoTime(latest),
      index: -1,
      detail: `last row is ${formatDuration(options.nowMs - latest)} old, more than --max-age ${formatDuration(options.maxAgeMs)}`,
    });
  }
  return findings;
}

/** `90m` -> `1h30m`: durations as an operator writes them. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];
  // Milliseconds only matter in short durations.
  let rest = ms >= 60_000 ? Math.round(ms / 1000) * 1000 : Math.round(ms);
  let text = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0 || text === '') text += `${rest}ms`;
  return text;
}
