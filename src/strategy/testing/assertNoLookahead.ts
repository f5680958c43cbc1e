import assert from 'node:assert/strict';
import type { Strategy } from '../strategy.ts';
import { runStrategy, type BarColumns } from './runStrategy.ts';

function cut(bars: BarColumns, length: number): BarColumns {
  const copy = (column: ArrayLike<number>) => Float64Array.from(Array.prototype.slice.call(column, 0, length) as number[]);
  return { open: copy(bars.open), high: copy(bars.high), low: copy(bars.low), close: copy(bars.close) };
}

/**
 * Strategy-level anti-lookahead: a fresh strategy run over data cut (copied) at each point must give
 * the same targets and stops as the prefix of one run over all the data.
 */
export function assertNoLookahead(create: () => Strategy, bars: BarColumns, cutPoints: number[]): void {
  const full = runStrategy(create(), bars);
  for (const length of cutPoints) {
    const partial = runStrategy(create(), cut(bars, length));
    assert.deepEqual(partial.target, full.target.subarray(0, length), `targets differ when the data is cut at bar ${length}`);
    assert.deepEqual(partial.stopDistance, full.stopDistance.subarray(0, length), `stops differ when the data is cut at bar ${length}`);
  }
}

/** n cut points spread over [1, length]. */
export function spreadCutPoints(length: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => Math.max(1, Math.round(((k + 1) * length) / count)));
}
