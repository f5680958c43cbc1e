/** How recent and how complete one sleeve's bars are (R1 SOP §1.4: last bar < 2 h old, no gap > 3 h in 30 days). */
export interface DataCoverage {
  /** Close time of the last bar closed by now; undefined without bars. */
  readonly lastBarCloseMs: number | undefined;
  /** The longest stretch without a bar inside the lookback (from its start to the first bar, between bars); undefined without bars. */
  readonly largestGapMs: number | undefined;
}

/**
 * Measures a series of bar open times (ascending) at `nowMs`: a bar still open is not counted, and
 * history that begins after the lookback's start is a gap from that start (missing data is not "no gap").
 */
export function dataCoverage(openTimesMs: ArrayLike<number>, barMs: number, nowMs: number, lookbackMs: number): DataCoverage {
  const fromMs = nowMs - lookbackMs;
  let lastCloseMs: number | undefined;
  let largestGapMs = 0;
  let previousCloseMs = fromMs;
  for (let index = 0; index < openTimesMs.length; index++) {
    const openMs = openTimesMs[index];
    const closeMs = openMs + barMs;
    if (closeMs > nowMs) break;
    if (closeMs <= fromMs) continue;
    largestGapMs = Math.max(largestGapMs, openMs - previousCloseMs);
    previousCloseMs = closeMs;
    lastCloseMs = closeMs;
  }
  return lastCloseMs === undefined ? { lastBarCloseMs: undefined, largestGapMs: undefined } : { lastBarCloseMs: lastCloseMs, largestGapMs };
}
