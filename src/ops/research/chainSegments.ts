import { EquityMetrics } from '../../engine/metrics/equityMetrics.ts';

export interface EquitySegment {
  /** Bar-close equity of a run that started at `initialEquity`: [epoch ms, equity]. */
  readonly equity: ReadonlyArray<readonly [number, number]>;
  readonly initialEquity: number;
}

export interface ChainedEquity {
  readonly equity: Array<[number, number]>;
  readonly totalReturnPct: number;
  readonly sharpe: number;
  readonly maxDrawdownPct: number;
}

/**
 * Out-of-sample segments chained into one account: each segment's bar returns compound on the equity
 * the previous one ended with, as if the chosen parameters had been traded one window after another.
 */
export function chainSegments(segments: readonly EquitySegment[], initialEquity: number, periodsPerYear: number): ChainedEquity {
  const metrics = new EquityMetrics(initialEquity);
  const equity: Array<[number, number]> = [];
  let level = initialEquity;
  for (const segment of segments) {
    let previous = segment.initialEquity;
    for (const [timeMs, value] of segment.equity) {
      level *= previous > 0 ? value / previous : 1;
      previous = value;
      equity.push([timeMs, level]);
      metrics.onBar(level, false);
    }
  }
  return { equity, totalReturnPct: (level / initialEquity - 1) * 100, sharpe: metrics.sharpe(periodsPerYear), maxDrawdownPct: metrics.maxDrawdown * 100 };
}
