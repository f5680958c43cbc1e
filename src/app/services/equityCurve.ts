import type { TradeStore } from '../../ports/tradeStore.ts';

export interface EquityPoint {
  /** Unix seconds (the chart's time scale): one point per second at most, the last snapshot of it. */
  readonly timeSec: number;
  readonly equity: number;
  /** Loss from the running peak of the stored equity, percent (0 at a peak). */
  readonly drawdownPct: number;
}

/** Points drawn at most: enough for a chart, bounded for a live update. */
export const MAX_CURVE_POINTS = 1000;

/**
 * An account's stored equity snapshots up to `nowMs` as an equity and running-drawdown curve. The
 * drawdown is measured over every snapshot before thinning, so a thinned curve keeps the true values
 * at the points it shows; the last snapshot is always among them.
 */
export async function equityCurve(store: TradeStore, account: string, nowMs: number, maxPoints = MAX_CURVE_POINTS): Promise<EquityPoint[]> {
  const snapshots = [...(await store.listEquitySnapshots(account, { toMs: nowMs }))].sort((a, b) => a.atMs - b.atMs);
  const bySecond = new Map<number, EquityPoint>();
  let peak = Number.NEGATIVE_INFINITY;
  for (const snapshot of snapshots) {
    const equity = Number(snapshot.equity);
    if (!Number.isFinite(equity)) continue;
    peak = Math.max(peak, equity);
    const timeSec = Math.floor(snapshot.atMs / 1000);
    bySecond.set(timeSec, { timeSec, equity, drawdownPct: peak > 0 ? ((peak - equity) / peak) * 100 : 0 });
  }
  const points = [...bySecond.values()];
  if (points.length <= maxPoints) return points;
  const stride = Math.ceil(points.length / maxPoints);
  const thinned = points.filter((_, index) => (points.length - 1 - index) % stride === 0);
  return thinned;
}
