import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { smaCross } from './smaCross.ts';
import { barsFromCloses, runStrategy } from '../testing/runStrategy.ts';
import { assertNoLookahead, spreadCutPoints } from '../testing/assertNoLookahead.ts';
import { randomWalk } from '../indicators/testing/assertSeries.ts';

const create = (params: unknown) => smaCross.create(smaCross.paramsSchema.parse(params));

describe('sma_cross', () => {
  test('goes long on a cross up and short on a cross down, holding in between', () => {
    // fast SMA(2): −, 5, 5, 4.5, 3.5, 4.5, 7.5, 5.5; slow SMA(3): −, −, 5, 4.67, 4, 4.33, 6, 5.67.
    // Bar 5: 3.5 < 4 then 4.5 > 4.33 → +1. Bar 7: 7.5 > 6 then 5.5 < 5.67 → −1.
    const run = runStrategy(create({ fast: 2, slow: 3 }), barsFromCloses([5, 5, 5, 4, 3, 6, 9, 2]));
    assert.deepEqual(Array.from(run.target), [0, 0, 0, 0, 0, 1, 1, -1]);
  });

  test('does not fire when the averages were equal on the previous bar (a touch is not a cross)', () => {
    // Both SMAs are 5 on bar 3; on bar 4 fast 5.5 > slow 5.33, but fast[t−1] < slow[t−1] does not hold.
    const run = runStrategy(create({ fast: 2, slow: 3 }), barsFromCloses([5, 5, 5, 5, 6]));
    assert.deepEqual(Array.from(run.target), [0, 0, 0, 0, 0]);
  });

  test('does not fire when fast touches slow from below and turns back', () => {
    // fast 4.5, 3.5, 4, 2.75 vs slow 4.67, 4, 4, 2.83 on bars 3–6: equal on bar 5, below again on bar 6.
    const run = runStrategy(create({ fast: 2, slow: 3 }), barsFromCloses([5, 5, 5, 4, 3, 5, 0.5]));
    assert.ok(run.target.every((target) => target === 0), `no strict cross, targets ${Array.from(run.target)}`);
  });

  test('defaults to 10/30 and rejects fast ≥ slow with the issue on fast', () => {
    assert.deepEqual(smaCross.paramsSchema.parse({}), { fast: 10, slow: 30 });
    const result = smaCross.paramsSchema.safeParse({ fast: 30, slow: 30 });
    assert.equal(result.success, false, 'fast = slow');
    assert.deepEqual(result.error!.issues[0].path, ['fast']);
  });

  test('gives the same targets when the data is cut at many points', () => {
    const closes = randomWalk(400, 9);
    assertNoLookahead(() => create({ fast: 5, slow: 20 }), barsFromCloses(closes), spreadCutPoints(closes.length, 25));
  });
});
