const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/**
 * The median step between consecutive open times, in ms (NaN with fewer than two bars). The median
 * tolerates weekends, holidays and session gaps: daily stock bars are 1d apart on most days, and an
 * hourly session with overnight gaps is still 1h apart most of the time. Counted per distinct step
 * (a series has few), so a 10M-bar series is one pass without sorting.
 */
export function medianStepMs(times: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  let steps = 0;
  for (let i = 1; i < times.length; i++) {
    const step = times[i] - times[i - 1];
    if (!(step > 0)) continue;
    counts.set(step, (counts.get(step) ?? 0) + 1);
    steps++;
  }
  if (steps === 0) return Number.NaN;
  const ordered = [...counts.entries()].sort(([a], [b]) => a - b);
  let seen = 0;
  for (const [step, count] of ordered) {
    seen += count;
    if (seen * 2 >= steps) return step;
  }
  return ordered[ordered.length - 1][0];
}

/** A step in ms as a timeframe string (`1h`, `8m`, `1d`), in the largest unit that divides it. */
export function formatTimeframe(stepMs: number): string {
  for (const [unit, unitMs] of UNITS) {
    if (stepMs >= unitMs && stepMs % unitMs === 0) return `${stepMs / unitMs}${unit}`;
  }
  return `${stepMs}ms`;
}
