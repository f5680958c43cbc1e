/** Funding times further than this from the grid are kept as they are (an irregular settlement). */
export const FUNDING_SNAP_TOLERANCE_MS = 60_000;

/**
 * Snaps funding timestamps onto the venue's funding grid (multiples of `intervalMs` from the epoch):
 * exchanges stamp settlements a few milliseconds late (`00:00:00.017`), and funding only joins mark
 * candles on identical timestamps.
 */
export function snapFundingTimes(times: Float64Array, intervalMs: number): Float64Array {
  const snapped = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    const nearest = Math.round(times[i] / intervalMs) * intervalMs;
    snapped[i] = Math.abs(times[i] - nearest) <= FUNDING_SNAP_TOLERANCE_MS ? nearest : times[i];
  }
  return snapped;
}
