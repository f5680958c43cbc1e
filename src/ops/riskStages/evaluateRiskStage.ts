//! The staged-risk evaluator: a sleeve's evidence on its risk-per-trade step against the ladder's
//! advance and stop-scaling criteria. Pure: evidence in, verdict out (each criterion with value and bound).

/** The ladder as the evaluator reads it (the config's `sizing.stages`). */
export interface RiskStageLadder {
  readonly steps: readonly number[];
  readonly backtestWinRate?: number;
  readonly advance: { readonly minTrades: number; readonly minDaysWithoutErrors: number; readonly maxWinRateGap: number; readonly minProfitFactor: number; readonly maxDrawdown: number };
  readonly stepDown: { readonly minTrades: number; readonly minWinRate: number; readonly minProfitFactor: number; readonly maxDrawdown: number; readonly maxExecutionErrors: number };
}

/** What a sleeve did on its current step (fractions, not percent). NaN where nothing was measured. */
export interface RiskStageEvidence {
  /** Round trips closed on the step. */
  readonly trades: number;
  /** Winning share of those trades; NaN without trades. */
  readonly winRate: number;
  /** Gross profit over gross loss; NaN without trades, Infinity without a loss. */
  readonly profitFactor: number;
  /** Largest fall of the account's equity from a peak since the step began, fraction. */
  readonly maxDrawdown: number;
  /** Execution errors (API failures) since the step began. */
  readonly executionErrors: number;
  /** Days since the later of the step's start and the last execution error. */
  readonly daysWithoutErrors: number;
}

export const RiskStageVerdict = { ADVANCE_ELIGIBLE: 'ADVANCE_ELIGIBLE', HOLD: 'HOLD', STEP_DOWN: 'STEP_DOWN' } as const;
export type RiskStageVerdict = (typeof RiskStageVerdict)[keyof typeof RiskStageVerdict];

export interface RiskCriterion {
  readonly name: string;
  readonly value: number;
  readonly comparison: '>=' | '<=' | '<' | '>';
  readonly bound: number;
  /** For an advance criterion: it is met. For a stop-scaling one: it is triggered. An unmeasured value is neither. */
  readonly met: boolean;
  readonly measured: boolean;
}

export interface RiskStageReview {
  readonly verdict: RiskStageVerdict;
  readonly stepIndex: number;
  readonly riskPerTrade: number;
  /** The step the verdict points to (the current one for HOLD). */
  readonly targetIndex: number;
  readonly advance: readonly RiskCriterion[];
  readonly stepDown: readonly RiskCriterion[];
}

function criterion(name: string, value: number, comparison: RiskCriterion['comparison'], bound: number): RiskCriterion {
  const measured = !Number.isNaN(value);
  const holds = comparison === '>=' ? value >= bound : comparison === '<=' ? value <= bound : comparison === '<' ? value < bound : value > bound;
  return { name, value, comparison, bound, met: measured && holds, measured };
}

/** One criterion as a line: `profitFactor >= 1.2: 1.35`. */
export function criterionText(item: RiskCriterion): string {
  return `${item.name} ${item.comparison} ${item.bound}: ${item.measured ? Number(item.value.toFixed(6)) : 'not measured'}`;
}

/**
 * ADVANCE_ELIGIBLE when every advance criterion is met and a higher step exists; STEP_DOWN when any
 * stop-scaling condition triggers (win rate and profit factor only after `stepDown.minTrades` trades);
 * HOLD otherwise. An unmeasured advance criterion (no backtest win rate, no trades) is unmet: fail closed.
 */
export function evaluateRiskStage(ladder: RiskStageLadder, stepIndex: number, evidence: RiskStageEvidence): RiskStageReview {
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= ladder.steps.length) throw new RangeError(`step ${stepIndex} is not on the ladder of ${ladder.steps.length} steps`);
  const { advance: a, stepDown: d } = ladder;
  const gap = ladder.backtestWinRate === undefined ? Number.NaN : Math.abs(evidence.winRate - ladder.backtestWinRate);
  const advance = [
    criterion('trades', evidence.trades, '>=', a.minTrades),
    criterion('daysWithoutErrors', evidence.daysWithoutErrors, '>=', a.minDaysWithoutErrors),
    criterion('winRateGap', gap, '<=', a.maxWinRateGap),
    criterion('profitFactor', evidence.profitFactor, '>=', a.minProfitFactor),
    criterion('maxDrawdown', evidence.maxDrawdown, '<', a.maxDrawdown),
  ];
  const judged = evidence.trades >= d.minTrades;
  const stepDown = [
    criterion('winRate', judged ? evidence.winRate : Number.NaN, '<', d.minWinRate),
    criterion('profitFactor', judged ? evidence.profitFactor : Number.NaN, '<', d.minProfitFactor),
    criterion('maxDrawdown', evidence.maxDrawdown, '>', d.maxDrawdown),
    criterion('executionErrors', evidence.executionErrors, '>', d.maxExecutionErrors),
  ];
  const base = { stepIndex, riskPerTrade: ladder.steps[stepIndex], advance, stepDown };
  if (stepDown.some((item) => item.met)) return { ...base, verdict: RiskStageVerdict.STEP_DOWN, targetIndex: Math.max(0, stepIndex - 1) };
  if (advance.every((item) => item.met) && stepIndex + 1 < ladder.steps.length) return { ...base, verdict: RiskStageVerdict.ADVANCE_ELIGIBLE, targetIndex: stepIndex + 1 };
  return { ...base, verdict: RiskStageVerdict.HOLD, targetIndex: stepIndex };
}
