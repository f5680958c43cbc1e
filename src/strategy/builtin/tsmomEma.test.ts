import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tsmomEma } from './tsmomEma.ts';
import { barsFromCloses, runStrategy } from '../testing/runStrategy.ts';
import { assertNoLookahead, spreadCutPoints } from '../testing/assertNoLookahead.ts';
import { randomWalk } from '../indicators/testing/assertSeries.ts';

const create = (params: unknown) => tsmomEma.create(tsmomEma.paramsSchema.parse(params));

describe('tsmom_ema', () => {
  test('stays flat until the EMA is stable, then goes long above it', () => {
    // EMA(3) is first 2 (the mean of 1, 2, 3) at bar 2, where close 3 is above it.
    const run = runStrategy(create({ lookback: 3 }), barsFromCloses([1, 2, 3, 4]));
    assert.deepEqual(Array.from(run.target), [0, 0, 1, 1], 'flat while warming up, then long');
  });

  test('goes short below the EMA and flat when the close equals it', () => {
    assert.deepEqual(Array.from(runStrategy(create({ lookback: 2 }), barsFromCloses([4, 3, 2])).target), [0, -1, -1]);
    assert.deepEqual(Array.from(runStrategy(create({ lookback: 2 }), barsFromCloses([5, 5, 5])).target), [0, 0, 0], 'close = EMA');
  });

  test('defaults lookback to 168 and rejects lookbacks below 2, fractions and unknown keys', () => {
    assert.deepEqual(tsmomEma.paramsSchema.parse({}), { lookback: 168 });
    assert.equal(tsmomEma.paramsSchema.safeParse({ lookback: 1 }).success, false, 'lookback 1');
    assert.equal(tsmomEma.paramsSchema.safeParse({ lookback: 2.5 }).success, false, 'lookback 2.5');
    assert.equal(tsmomEma.paramsSchema.safeParse({ lookbak: 20 }).success, false, 'misspelt key');
  });

  test('gives the same targets when the data is cut at many points', () => {
    const closes = randomWalk(400, 3);
    assertNoLookahead(() => create({ lookback: 20 }), barsFromCloses(closes), spreadCutPoints(closes.length, 25));
  });
});
