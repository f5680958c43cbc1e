import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reviewStage, sizingCapital, type LadderStage } from './capitalLadder.ts';
import { judgeCriterion } from './criterion.ts';

const ladder: LadderStage[] = [
  { stage: 0, name: 'paper', mode: 'paper', capital: 0, minDays: 30, entry: [], exit: [{ metric: 'sharpe30d', op: '>', value: -0.3 }, { metric: 'maxDrawdown30dPct', op: '<', value: 12 }], abort: undefined, attestations: [] },
  {
    stage: 1,
    name: '$5,000',
    mode: 'live',
    capital: 5000,
    minDays: 14,
    entry: [],
    exit: [{ metric: 'sharpe14d', op: '>', value: 0 }, { metric: 'flattenEvents', op: '==', value: 0 }],
    abort: { toStage: 0, any: [{ metric: 'runningMaxDrawdownPct', op: '>', value: 12 }, { metric: 'apiFailures24h', op: '>', value: 3 }] },
    attestations: [],
  },
  { stage: 2, name: '$10,000', mode: 'live', capital: 10000, minDays: 0, entry: [], exit: [], abort: undefined, attestations: [] },
];

describe('judgeCriterion', () => {
  test('compares with each operator, bounds excluded or included as written', () => {
    const figures = { sharpe14d: 0 };
    assert.equal(judgeCriterion({ metric: 'sharpe14d', op: '>', value: 0 }, figures).met, false);
    assert.equal(judgeCriterion({ metric: 'sharpe14d', op: '>=', value: 0 }, figures).met, true);
    assert.equal(judgeCriterion({ metric: 'sharpe14d', op: '<', value: 0 }, figures).met, false);
    assert.equal(judgeCriterion({ metric: 'sharpe14d', op: '<=', value: 0 }, figures).met, true);
    assert.equal(judgeCriterion({ metric: 'sharpe14d', op: '==', value: 0 }, figures).met, true);
  });

  test('fails closed on a figure that was not measured or is NaN, and says so', () => {
    const missing = judgeCriterion({ metric: 'sharpe14d', op: '<', value: 100 }, {});
    assert.equal(missing.met, false);
    assert.equal(missing.text, 'sharpe14d < 100: not measured');
    assert.equal(judgeCriterion({ metric: 'sharpe14d', op: '<', value: 100 }, { sharpe14d: Number.NaN }).met, false);
  });
});

describe('reviewStage', () => {
  test('allows the step up only when every exit criterion holds and the minimum time is served', () => {
    const good = { daysInStage: 15, sharpe14d: 0.4, flattenEvents: 0, runningMaxDrawdownPct: 5, apiFailures24h: 0 };
    const review = reviewStage(ladder, 1, good);
    assert.equal(review.mayAdvance, true);
    assert.equal(review.next?.stage, 2);
    assert.equal(review.abortToStage, undefined);
    const early = reviewStage(ladder, 1, { ...good, daysInStage: 13 });
    assert.equal(early.mayAdvance, false, 'day 13 of a 14-day stage is too early');
    assert.deepEqual(early.missing, ['exit: daysInStage >= 14: 13']);
    const flattened = reviewStage(ladder, 1, { ...good, flattenEvents: 1 });
    assert.equal(flattened.mayAdvance, false);
    assert.deepEqual(flattened.missing, ['exit: flattenEvents == 0: 1']);
  });

  test('any abort criterion sends the account back to the stage the rules name', () => {
    const review = reviewStage(ladder, 1, { daysInStage: 3, sharpe14d: 1, flattenEvents: 0, runningMaxDrawdownPct: 4, apiFailures24h: 4 });
    assert.equal(review.abortToStage, 0);
    assert.deepEqual(review.abort.map((verdict) => verdict.met), [false, true]);
  });

  test('the last stage has nowhere to advance to', () => {
    const review = reviewStage(ladder, 2, {});
    assert.equal(review.mayAdvance, false);
    assert.deepEqual(review.missing, ['this is the last stage']);
  });

  test('refuses a stage that is not on the ladder', () => {
    assert.throws(() => reviewStage(ladder, 7, {}), /stage 7 is not on the ladder \(stages 0, 1, 2\)/);
  });
});

describe('sizingCapital', () => {
  test('a live stage sizes from the smaller of wallet and stage capital, so a bigger wallet adds no risk', () => {
    assert.equal(sizingCapital(12_000, ladder[1]), 5000);
    assert.equal(sizingCapital(4_000, ladder[1]), 4000);
    assert.equal(sizingCapital(12_000, ladder[0]), 12_000, 'a paper stage sizes from its simulated balance');
  });
});
