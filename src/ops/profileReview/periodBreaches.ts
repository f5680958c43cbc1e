import { isoWeekIndex, isoWeekStartMs, MS_PER_DAY, utcDayIndex } from '../../risk/calendar.ts';

type Snapshot = { readonly atMs: number; readonly equity: number };

/** One calendar period of an account's record: its return and its worst fall from the period's start. */
export interface PeriodRecord {
  readonly startMs: number;
  /** Whether the period ended before the record's end (`nowMs`). */
  readonly complete: boolean;
  /** Last equity of the period against the period's start equity, percent. */
  readonly returnPct: number;
  /** The lowest equity in the period against its start equity, percent (≤ 0). */
  readonly worstPct: number;
  /** worstPct reached −limitPct: the profile's limit for the period was breached. */
  readonly breached: boolean;
}

/**
 * The record cut into UTC days or ISO weeks from `fromMs` to `nowMs`: each period starts at the last
 * snapshot before it (the first inside it when none), as the risk engine measures its daily and
 * weekly loss limits; a breach is any snapshot at or below −limitPct of that start.
 */
export function periodRecords(snapshots: readonly Snapshot[], period: 'day' | 'week', fromMs: number, nowMs: number, limitPct: number | undefined): PeriodRecord[] {
  const sorted = snapshots.filter((snapshot) => snapshot.atMs <= nowMs && Number.isFinite(snapshot.equity)).sort((a, b) => a.atMs - b.atMs);
  const startOf = (atMs: number): number => (period === 'day' ? utcDayIndex(atMs) * MS_PER_DAY : isoWeekStartMs(isoWeekIndex(utcDayIndex(atMs))));
  const lengthMs = period === 'day' ? MS_PER_DAY : 7 * MS_PER_DAY;
  const records: PeriodRecord[] = [];
  for (let startMs = startOf(fromMs); startMs <= nowMs; startMs += lengthMs) {
    const inside = sorted.filter((snapshot) => snapshot.atMs >= startMs && snapshot.atMs < startMs + lengthMs);
    if (inside.length === 0) continue;
    const before = sorted.filter((snapshot) => snapshot.atMs < startMs);
    const start = before.length > 0 ? before[before.length - 1].equity : inside[0].equity;
    if (!(start > 0)) continue;
    const worstPct = Math.min(0, ...inside.map((snapshot) => (snapshot.equity / start - 1) * 100));
    records.push({
      startMs,
      complete: startMs + lengthMs <= nowMs,
      returnPct: (inside[inside.length - 1].equity / start - 1) * 100,
      worstPct,
      breached: limitPct !== undefined && worstPct <= -limitPct,
    });
  }
  return records;
}
