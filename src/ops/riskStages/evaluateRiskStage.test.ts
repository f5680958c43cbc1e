import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { criterionText, evaluateRiskStage, type RiskStageEvidence, type RiskStageLadder } from './evaluateRiskStage.ts';

// The XAUUSD runbook's ladder: 0.1 % → 0.25 % → 0.5 % → 1 %, scale-up and STOP SCALING criteria.
const ladder: RiskStageLadder = {
  steps: [0.001, 0.0025, 0.005, 0.01],
  backtestWinRate: 0.55,
  advance: { minTrades: 10, minDaysWithoutErrors: 7, maxWinRateGap: 0.1, minProfitFactor: 1.2, maxDrawdown: 0.03 },
  stepDown: { minTrades: 5, minWinRate: 0.4, minProfitFactor: 1.0, maxDrawdown: 0.05, maxExecutionErrors: 0 },
};
// 12 trades, 7 won: win rate 7/12 = 0.58333 (gap to 0.55: 0.03333); wins 7 × 30 = 210, losses 5 × 25 = 125: PF 1.68.
const good: RiskStageEvidence = { trades: 12, winRate: 7 / 12, profitFactor: 210 / 125, maxDrawdown: 0.02, executionErrors: 0, daysWithoutErrors: 8 };

describe('evaluateRiskStage', () => {
  test('every advance criterion met on step 0: ADVANCE_ELIGIBLE to step 1 (0.25 %)', () => {
    const review = evaluateRiskStage(ladder, 0, good);
    assert.equal(review.verdict, 'ADVANCE_ELIGIBLE');
    assert.equal(review.targetIndex, 1);
    assert.equal(review.riskPerTrade, 0.001);
    assert.deepEqual(review.advance.map(criterionText), ['trades >= 10: 12', 'daysWithoutErrors >= 7: 8', 'winRateGap <= 0.1: 0.033333', 'profitFactor >= 1.2: 1.68', 'maxDrawdown < 0.03: 0.02']);
    assert.ok(review.stepDown.every((item) => !item.met));
  });

  test('nine trades: HOLD, with only the trade count unmet', () => {
    const review = evaluateRiskStage(ladder, 1, { ...good, trades: 9 });
    assert.equal(review.verdict, 'HOLD');
    assert.deepEqual(review.advance.filter((item) => !item.met).map(criterionText), ['trades >= 10: 9']);
  });

  test('drawdown of exactly 3 % is not below the bound: HOLD', () => {
    assert.equal(evaluateRiskStage(ladder, 1, { ...good, maxDrawdown: 0.03 }).verdict, 'HOLD');
  });

  test('win rate 0.40 against a backtest 0.55 is a gap of 0.15: HOLD (not within 10 points)', () => {
    const review = evaluateRiskStage(ladder, 0, { ...good, winRate: 0.4 });
    assert.equal(review.verdict, 'HOLD');
    assert.equal(criterionText(review.advance[2]), 'winRateGap <= 0.1: 0.15');
  });

  test('without a backtest win rate the gap is not measured and holds the step (fail closed)', () => {
    const review = evaluateRiskStage({ ...ladder, backtestWinRate: undefined }, 0, good);
    assert.equal(review.verdict, 'HOLD');
    assert.equal(criterionText(review.advance[2]), 'winRateGap <= 0.1: not measured');
  });

  test('the last step with every criterion met holds: there is no step above', () => {
    const review = evaluateRiskStage(ladder, 3, good);
    assert.deepEqual([review.verdict, review.targetIndex, review.riskPerTrade], ['HOLD', 3, 0.01]);
  });

  test('profit factor 0.8 after 6 trades: STEP_DOWN to the step below', () => {
    const review = evaluateRiskStage(ladder, 2, { ...good, trades: 6, winRate: 0.5, profitFactor: 0.8 });
    assert.deepEqual([review.verdict, review.targetIndex], ['STEP_DOWN', 1]);
    assert.deepEqual(review.stepDown.filter((item) => item.met).map(criterionText), ['profitFactor < 1: 0.8']);
  });

  test('a poor win rate over 4 trades is too few to judge; one execution error still steps down', () => {
    assert.equal(evaluateRiskStage(ladder, 2, { ...good, trades: 4, winRate: 0.25, profitFactor: 0.5 }).verdict, 'HOLD');
    const review = evaluateRiskStage(ladder, 2, { ...good, executionErrors: 1, daysWithoutErrors: 1 });
    assert.deepEqual([review.verdict, review.targetIndex], ['STEP_DOWN', 1]);
  });

  test('drawdown 6 % on step 0 steps down and stays at step 0', () => {
    assert.deepEqual(Object.values((({ verdict, targetIndex }) => ({ verdict, targetIndex }))(evaluateRiskStage(ladder, 0, { ...good, maxDrawdown: 0.06 }))), ['STEP_DOWN', 0]);
  });

  test('a step off the ladder is refused', () => {
    assert.throws(() => evaluateRiskStage(ladder, 4, good), /step 4 is not on the ladder of 4 steps/);
  });
});
