import type { EmergencyStop, RiskSnapshot } from '../../risk/index.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Writes the emergency stop's references into a risk snapshot whose `equity` is set: the first equity
 * of the UTC day and ISO week and the peak (in live restored from the stored equity snapshots at
 * restart); a reference the stop has not seen yet is the equity now. The one rule of the kernel's
 * snapshot and the live runner's. The equity is read from the snapshot, not passed: a number passed to
 * a call that is not inlined is boxed, and the kernel calls this per checked order.
 */
export function writeEquityReferences(snapshot: Mutable<Pick<RiskSnapshot, 'equity' | 'dayStartEquity' | 'weekStartEquity' | 'peakEquity'>>, stop: EmergencyStop): void {
  const equity = snapshot.equity;
  snapshot.dayStartEquity = stop.dayStartEquity === stop.dayStartEquity ? stop.dayStartEquity : equity;
  snapshot.weekStartEquity = stop.weekStartEquity === stop.weekStartEquity ? stop.weekStartEquity : equity;
  snapshot.peakEquity = stop.peakEquity === stop.peakEquity ? stop.peakEquity : equity;
}
