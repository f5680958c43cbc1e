import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tsmomMultiEma } from './tsmomMultiEma.ts';
import { barsFromCloses, runStrategy } from '../testing/runStrategy.ts';
import { assertNoLookahead, spreadCutPoints } from '../testing/assertNoLookahead.ts';
import { randomWalk } from '../indicators/testing/assertSeries.ts';
import { emaSeries } from '../indicators/ema.ts';

const create = (params: unknown) => tsmomMultiEma.create(tsmomMultiEma.paramsSchema.parse(params));

describe('tsmom_multi_ema', () => {
  test('averages the votes of each EMA into a fractional target', () => {
    // EMA(2): 10, 10, 4, 4.667 from bar 1; EMA(3): 10, 5.5, 5.25 from bar 2.
    // Bar 3 (close 1): all below → −1. Bar 4 (close 5): above EMA(2), below both EMA(3) → (1 − 1 − 1)/3.
    const run = runStrategy(create({ lookbacks: [2, 3, 3] }), barsFromCloses([10, 10, 10, 1, 5]));
    assert.equal(run.target[3], -1, 'all three EMAs vote short');
    assert.ok(Math.abs(run.target[4] - -1 / 3) < 1e-12, `one long vote of three, was ${run.target[4]}`);
  });

  test('stays flat until the longest EMA is stable even when shorter ones agree', () => {
    const run = runStrategy(create({ lookbacks: [2, 5] }), barsFromCloses([1, 2, 3, 4, 5, 6]));
    assert.deepEqual(Array.from(run.target), [0, 0, 0, 0, 1, 1], 'EMA(5) is stable from bar 4');
  });

  test('matches the mean of sign(close − EMA_k) computed from the whole-series EMAs', () => {
    const closes = randomWalk(300, 11);
    const lookbacks = [5, 17, 40];
    const emas = lookbacks.map((lookback) => emaSeries(closes, lookback));
    const run = runStrategy(create({ lookbacks }), barsFromCloses(closes));
    for (let i = 0; i < closes.length; i++) {
      const expected = i < 39 ? 0 : emas.reduce((sum, ema) => sum + Math.sign(closes[i] - ema[i]), 0) / 3;
      assert.equal(run.target[i], expected, `bar ${i}`);
    }
  });

  test('defaults lookbacks to [72, 168, 336, 720] and rejects an empty list or a lookback below 2', () => {
    assert.deepEqual(tsmomMultiEma.paramsSchema.parse({}), { lookbacks: [72, 168, 336, 720] });
    assert.equal(tsmomMultiEma.paramsSchema.safeParse({ lookbacks: [] }).success, false, 'empty list');
    assert.equal(tsmomMultiEma.paramsSchema.safeParse({ lookbacks: [10, 1] }).success, false, 'lookback 1');
  });

  test('gives the same targets when the data is cut at many points', () => {
    const closes = randomWalk(400, 5);
    assertNoLookahead(() => create({ lookbacks: [8, 30, 90] }), barsFromCloses(closes), spreadCutPoints(closes.length, 25));
  });
});
