/** How bad a finding is: `hard` findings fail `rampart data check` (exit 1), `soft` ones inform. */
export const FindingSeverity = { HARD: 'hard', SOFT: 'soft' } as const;
export type FindingSeverity = (typeof FindingSeverity)[keyof typeof FindingSeverity];

export const FindingCode = {
  EMPTY: 'EMPTY',
  GAP: 'GAP',
  DUPLICATE: 'DUPLICATE',
  OUT_OF_ORDER: 'OUT_OF_ORDER',
  OHLC_VIOLATION: 'OHLC_VIOLATION',
  NAN: 'NAN',
  NON_POSITIVE_PRICE: 'NON_POSITIVE_PRICE',
  NEGATIVE_VOLUME: 'NEGATIVE_VOLUME',
  FUTURE_BAR: 'FUTURE_BAR',
  STALE: 'STALE',
  /** The rows' median step is not the timeframe the series is stored as (1-minute bars imported as 8m). */
  TIMEFRAME_MISMATCH: 'TIMEFRAME_MISMATCH',
} as const;
export type FindingCode = (typeof FindingCode)[keyof typeof FindingCode];

/** One problem in a series, located by the row's timestamp and its index in the data as given. */
export interface DataFinding {
  readonly severity: FindingSeverity;
  readonly code: FindingCode;
  /** ISO-8601 UTC time of the row, `invalid` when the row has no valid time, `-` for the whole series. */
  readonly time: string;
  /** 0-based row index in the series as checked (file order for imports); -1 for the whole series. */
  readonly index: number;
  readonly detail: string;
}

export function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'invalid';
}

/** Whether any finding fails the check. */
export function hasHardFinding(findings: readonly DataFinding[]): boolean {
  return findings.some((finding) => finding.severity === FindingSeverity.HARD);
}
