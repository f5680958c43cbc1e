import { isoWeekIndex, isoWeekStartMs, utcDayIndex, MS_PER_DAY } from '../../risk/calendar.ts';

/** An account's PnL over a calendar period against its profile's drawdown limit for that period. */
export interface PeriodPnl {
  readonly fromMs: number;
  readonly startEquity: number;
  readonly endEquity: number;
  /** endEquity − startEquity, quote asset. */
  readonly pnl: number;
  /** pnl / startEquity, percent. */
  readonly pnlPct: number;
  /** The profile's limit for the period, percent of the period's starting equity; undefined when the profile sets none. */
  readonly limitPct: number | undefined;
  /** Share of the limit a loss has used, percent (0 for a gain; 100 means the limit is reached); NaN without a limit. */
  readonly limitUsedPct: number;
}

type Snapshot = { readonly atMs: number; readonly equity: number };

/**
 * PnL from the period's start to `nowMs`: the period starts at the last equity snapshot before its
 * start (the first snapshot inside it when there is none), which is how the risk engine's daily and
 * weekly loss limits measure it (UTC day; ISO week from Monday 00:00 UTC).
 */
export function periodPnl(snapshots: readonly Snapshot[], period: 'day' | 'week', nowMs: number, limitPct: number | undefined): PeriodPnl {
  const fromMs = period === 'day' ? utcDayIndex(nowMs) * MS_PER_DAY : isoWeekStartMs(isoWeekIndex(utcDayIndex(nowMs)));
  const sorted = snapshots.filter((snapshot) => snapshot.atMs <= nowMs && Number.isFinite(snapshot.equity)).sort((a, b) => a.atMs - b.atMs);
  const before = sorted.filter((snapshot) => snapshot.atMs < fromMs);
  const start = before.length > 0 ? before[before.length - 1] : sorted.find((snapshot) => snapshot.atMs >= fromMs);
  const end = sorted[sorted.length - 1];
  const startEquity = start?.equity ?? Number.NaN;
  const endEquity = end?.equity ?? Number.NaN;
  return pnlAgainstLimit(fromMs, startEquity, endEquity, limitPct);
}

/** The period's PnL and the share of `limitPct` a loss has used. */
export function pnlAgainstLimit(fromMs: number, startEquity: number, endEquity: number, limitPct: number | undefined): PeriodPnl {
  const pnl = endEquity - startEquity;
  const pnlPct = startEquity > 0 ? (pnl / startEquity) * 100 : Number.NaN;
  const limitUsedPct = limitPct !== undefined && limitPct > 0 && Number.isFinite(pnlPct) ? (Math.max(0, -pnlPct) / limitPct) * 100 : Number.NaN;
  return { fromMs, startEquity, endEquity, pnl, pnlPct, limitPct, limitUsedPct };
}
