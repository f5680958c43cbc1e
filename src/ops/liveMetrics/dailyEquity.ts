/** A UTC day's closing equity, marked to market by the account's stored snapshots. */
export interface DailyEquity {
  /** Start of each UTC day, ascending, one entry per calendar day from the first snapshot's day. */
  readonly dayStartMs: readonly number[];
  /** The last equity snapshot at or before the day's end (carried over days without one). */
  readonly equity: readonly number[];
}

export const DAY_MS = 86_400_000;

/**
 * Daily equity from equity snapshots (the runner stores one per bar): each UTC day closes at its last
 * snapshot; a day without one (runner down) carries the previous close, so a gap never reads as a
 * return. Days run from the first snapshot's day to the day of `untilMs`; snapshots after it are ignored.
 */
export function dailyEquitySeries(snapshots: ReadonlyArray<{ readonly atMs: number; readonly equity: number }>, untilMs: number): DailyEquity {
  const sorted = snapshots.filter((snapshot) => snapshot.atMs <= untilMs && Number.isFinite(snapshot.equity)).sort((a, b) => a.atMs - b.atMs);
  if (sorted.length === 0) return { dayStartMs: [], equity: [] };
  const firstDayMs = Math.floor(sorted[0].atMs / DAY_MS) * DAY_MS;
  const lastDayMs = Math.floor(untilMs / DAY_MS) * DAY_MS;
  const dayStartMs: number[] = [];
  const equity: number[] = [];
  let next = 0;
  let close = sorted[0].equity;
  for (let dayMs = firstDayMs; dayMs <= lastDayMs; dayMs += DAY_MS) {
    while (next < sorted.length && sorted[next].atMs < dayMs + DAY_MS) close = sorted[next++].equity;
    dayStartMs.push(dayMs);
    equity.push(close);
  }
  return { dayStartMs, equity };
}
