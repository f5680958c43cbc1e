import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MeasuredFigures } from '../scaleRules/criterion.ts';
import { approveScaleUp, decideRiskGuard, INITIAL_STATE, type RiskGuardRules, type RiskGuardState } from './decideRiskGuard.ts';

// The R1 SOP's §3.2 bands and §4 rules, as config/r1-scale-rules.yaml writes them.
const RULES: RiskGuardRules = {
  bands: [
    { metric: 'sharpe20d', green: { op: '>', value: 0.5 }, red: { op: '<', value: 0 } },
    { metric: 'runningMaxDrawdownPct', green: { op: '<', value: 8 }, red: { op: '>', value: 10 } },
    { metric: 'return30dPct', green: { op: '>', value: 0 }, red: { op: '<', value: -5 } },
  ],
  scaleUp: { consecutiveDays: 10, increasePct: 50, all: [{ metric: 'sharpe20d', op: '>', value: 0.8 }, { metric: 'runningMaxDrawdownPct', op: '<', value: 8 }] },
  reduce: { yellowDays: 3, sizeMultiplier: 0.5, any: [{ metric: 'worstSleeveContribution14dPct', op: '<', value: -3 }] },
  hardStop: { any: [{ metric: 'runningMaxDrawdownPct', op: '>', value: 12 }, { metric: 'return30dPct', op: '<', value: -10 }] },
};
const GREEN: MeasuredFigures = { sharpe20d: 1.2, runningMaxDrawdownPct: 3, return30dPct: 2 };
const YELLOW_DD: MeasuredFigures = { ...GREEN, runningMaxDrawdownPct: 9 };

function walk(days: readonly MeasuredFigures[], start: RiskGuardState = INITIAL_STATE, firstDay = 100) {
  let state = start;
  return days.map((figures, index) => {
    const judgement = decideRiskGuard(RULES, figures, state, { day: firstDay + index, stale: false });
    state = judgement.state;
    return judgement;
  });
}

describe('risk guard decisions', () => {
  test('a drawdown yellow for 3 days is KEEP (review); the 4th yellow day is REDUCE, sizes × 0.5 once', () => {
    const days = walk([YELLOW_DD, YELLOW_DD, YELLOW_DD, YELLOW_DD, YELLOW_DD]);
    assert.deepEqual(days.map((day) => day.decision), ['KEEP', 'KEEP', 'KEEP', 'REDUCE', 'REDUCE']);
    assert.equal(days[2].bands.find((band) => band.metric === 'runningMaxDrawdownPct')?.colour, 'yellow');
    assert.equal(days[3].state.counters.yellowDays.runningMaxDrawdownPct, 4);
    assert.equal(days[3].state.sizeMultiplier, 0.5);
    assert.equal(days[4].state.sizeMultiplier, 0.5, 'a REDUCE that lasts halves sizes once, not every day');
  });

  test('any red is REDUCE at once; a hard stop beats it with FLATTEN_ALL', () => {
    assert.equal(walk([{ ...GREEN, sharpe20d: -0.1 }])[0].decision, 'REDUCE');
    const crash = walk([{ ...GREEN, runningMaxDrawdownPct: 14, return30dPct: -11 }])[0];
    assert.equal(crash.decision, 'FLATTEN_ALL');
    assert.equal(crash.reasons.length, 2);
    assert.match(crash.reasons[0], /runningMaxDrawdownPct > 12: 14/);
  });

  test('10 consecutive scale-up days propose +50 % without applying it; approval applies it and restarts the count', () => {
    const days = walk(Array.from({ length: 10 }, () => GREEN));
    assert.deepEqual(days.slice(0, 9).map((day) => day.decision), Array(9).fill('KEEP'));
    assert.equal(days[9].decision, 'SCALE_UP');
    assert.equal(days[9].proposedSizeMultiplier, 1.5);
    assert.equal(days[9].state.sizeMultiplier, 1, 'proposed, not applied');
    const approved = approveScaleUp(days[9].state, 1.5);
    assert.equal(approved.sizeMultiplier, 1.5);
    assert.equal(approved.counters.scaleUpDays, 0);
  });

  test('a second run on the same day does not count the day twice; a day without a run breaks the streak', () => {
    const first = decideRiskGuard(RULES, GREEN, INITIAL_STATE, { day: 5, stale: false });
    const again = decideRiskGuard(RULES, GREEN, first.state, { day: 5, stale: false });
    assert.equal(again.state.counters.scaleUpDays, 1);
    const nextDay = decideRiskGuard(RULES, GREEN, again.state, { day: 6, stale: false });
    assert.equal(nextDay.state.counters.scaleUpDays, 2);
    const afterGap = decideRiskGuard(RULES, GREEN, nextDay.state, { day: 8, stale: false });
    assert.equal(afterGap.state.counters.scaleUpDays, 1);
  });

  test('a figure not measured colours nothing and fails the scale-up conditions; a stale record is PAUSE', () => {
    const unmeasured = walk(Array.from({ length: 12 }, () => ({ runningMaxDrawdownPct: 2, return30dPct: 1 })));
    assert.ok(unmeasured.every((day) => day.decision === 'KEEP'));
    assert.equal(unmeasured[0].bands[0].colour, 'unmeasured');
    assert.equal(decideRiskGuard(RULES, GREEN, INITIAL_STATE, { day: 1, stale: true }).decision, 'PAUSE');
  });
});
