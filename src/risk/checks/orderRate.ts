/**
 * How many of `sentTimesMs` fall within the window ending at `timeMs` (times in (timeMs - windowMs, timeMs]).
 * The throttle (C6) admits an order while this is below its maximum.
 */
export function ordersInWindow(sentTimesMs: ArrayLike<number>, timeMs: number, windowMs: number): number {
  let count = 0;
  for (let i = 0; i < sentTimesMs.length; i++) {
    const sent = sentTimesMs[i];
    if (sent > timeMs - windowMs && sent <= timeMs) count++;
  }
  return count;
}
