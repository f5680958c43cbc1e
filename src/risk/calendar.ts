export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 UTC. */
export function utcDayIndex(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_DAY);
}

/** ISO weeks (Monday 00:00 UTC start) since the week of 1970-01-01, which was a Thursday: day 4 is the first Monday. */
export function isoWeekIndex(dayIndex: number): number {
  return Math.floor((dayIndex + 3) / 7);
}

/** Start of an ISO week index, epoch ms UTC. */
export function isoWeekStartMs(weekIndex: number): number {
  return (weekIndex * 7 - 3) * MS_PER_DAY;
}
