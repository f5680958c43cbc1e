import type { SweepRunResult, SweepRunSummary } from './sweepRunResult.ts';

/** How many of a sweep's best runs keep their equity curve for the HTML page. */
export const BEST_CURVES = 5;

/**
 * Best first by Sharpe; a run without a finite Sharpe after every run with one; ties to the earlier
 * grid point, so the order does not depend on which run finished first (threads, queue, resume).
 */
export function bySharpe(a: SweepRunSummary, b: SweepRunSummary): number {
  const sharpeA = Number.isFinite(a.metrics.sharpe) ? a.metrics.sharpe : Number.NEGATIVE_INFINITY;
  const sharpeB = Number.isFinite(b.metrics.sharpe) ? b.metrics.sharpe : Number.NEGATIVE_INFINITY;
  // Two runs without a Sharpe give NaN here, which `||` passes over to the grid order.
  return sharpeB - sharpeA || a.gridIndex - b.gridIndex;
}

/**
 * The `size` best runs offered so far (by `bySharpe`), best first: with their equity curves, what the
 * sweep's page draws. Keeping them as they come costs a few compares a run, not a sort of them all.
 */
export class BestRuns<Run extends SweepRunSummary = SweepRunResult> {
  private readonly kept: Run[] = [];

  constructor(readonly size: number) {}

  offer(result: Run): void {
    const kept = this.kept;
    if (this.size <= 0) return;
    if (kept.length === this.size && bySharpe(result, kept[kept.length - 1]) >= 0) return;
    let at = kept.length;
    while (at > 0 && bySharpe(result, kept[at - 1]) < 0) at--;
    kept.splice(at, 0, result);
    if (kept.length > this.size) kept.pop();
  }

  /** Best first. */
  get runs(): readonly Run[] {
    return this.kept;
  }
}
