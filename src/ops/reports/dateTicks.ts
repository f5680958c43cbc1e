const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Fixed-length tick intervals, smallest first; months and years follow as calendar steps. */
const FIXED_INTERVALS_MS = [
  MINUTE_MS, 2 * MINUTE_MS, 5 * MINUTE_MS, 10 * MINUTE_MS, 15 * MINUTE_MS, 30 * MINUTE_MS,
  HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 4 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS,
  DAY_MS, 2 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS,
];
const MONTH_STEPS = [1, 2, 3, 6];
const YEAR_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export type DateTickUnit = 'minute' | 'day' | 'month' | 'year';

export interface DateTicks {
  ticksMs: number[];
  /** Granularity of the labels: '2024-03-05 14:00', '2024-03-05', '2024-03' or '2024'. */
  unit: DateTickUnit;
}

/** Tick label in UTC at the granularity the tick interval needs. */
export function formatDateTick(timeMs: number, unit: DateTickUnit): string {
  const iso = new Date(timeMs).toISOString();
  switch (unit) {
    case 'minute':
      return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
    case 'day':
      return iso.slice(0, 10);
    case 'month':
      return iso.slice(0, 7);
    case 'year':
      return iso.slice(0, 4);
  }
}

function fixedTicks(minMs: number, maxMs: number, intervalMs: number): number[] {
  const ticks: number[] = [];
  for (let timeMs = Math.ceil(minMs / intervalMs) * intervalMs; timeMs <= maxMs; timeMs += intervalMs) ticks.push(timeMs);
  return ticks;
}

function monthTicks(minMs: number, maxMs: number, monthStep: number): number[] {
  const start = new Date(minMs);
  let monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth();
  monthIndex = Math.ceil(monthIndex / monthStep) * monthStep;
  const ticks: number[] = [];
  for (;; monthIndex += monthStep) {
    const timeMs = Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1);
    if (timeMs > maxMs) break;
    if (timeMs >= minMs) ticks.push(timeMs);
  }
  return ticks;
}

function yearTicks(minMs: number, maxMs: number, yearStep: number): number[] {
  const ticks: number[] = [];
  for (let year = Math.ceil(new Date(minMs).getUTCFullYear() / yearStep) * yearStep; ; year += yearStep) {
    const timeMs = Date.UTC(year, 0, 1);
    if (timeMs > maxMs) break;
    if (timeMs >= minMs) ticks.push(timeMs);
  }
  return ticks;
}

/**
 * Time-axis ticks on round UTC boundaries (whole hours, midnights, month and year starts) with at
 * most `maxTicks` ticks inside [minMs, maxMs]. The interval is the smallest that fits.
 */
export function dateTicks(minMs: number, maxMs: number, maxTicks = 8): DateTicks {
  if (!Number.isFinite(minMs) || !Number.isFinite(maxMs)) return { ticksMs: [], unit: 'day' };
  if (maxMs < minMs) [minMs, maxMs] = [maxMs, minMs];
  const limit = Math.max(1, Math.floor(maxTicks));
  const spanMs = maxMs - minMs;
  const unitFor = (intervalMs: number): DateTickUnit => (intervalMs < DAY_MS ? 'minute' : 'day');
  for (const intervalMs of FIXED_INTERVALS_MS) {
    if (spanMs / intervalMs > limit + 1) continue;
    const ticksMs = fixedTicks(minMs, maxMs, intervalMs);
    if (ticksMs.length > limit) continue;
    // A span shorter than one minute holds no round tick: label its start instead of leaving the axis bare.
    return { ticksMs: ticksMs.length > 0 ? ticksMs : [minMs], unit: unitFor(intervalMs) };
  }
  for (const monthStep of MONTH_STEPS) {
    if (spanMs / (monthStep * 31 * DAY_MS) <= limit) {
      const ticksMs = monthTicks(minMs, maxMs, monthStep);
      if (ticksMs.length <= limit) return { ticksMs, unit: 'month' };
    }
  }
  for (const yearStep of YEAR_STEPS) {
    const ticksMs = yearTicks(minMs, maxMs, yearStep);
    if (ticksMs.length <= limit) return { ticksMs, unit: 'year' };
  }
  return { ticksMs: [], unit: 'year' };
}
