/**
 * The figures the go-live ladder and the risk guard judge an account by, each computed from the
 * trade store (paper, testnet or real record). Percent figures are percent (12 means 12 %), ratios
 * are plain (1.3 means 1.3× the config's assumption).
 */
export const LadderMetric = {
  /** Calendar days of the stage's record so far. */
  DAYS_IN_STAGE: 'daysInStage',
  SHARPE_14D: 'sharpe14d',
  SHARPE_20D: 'sharpe20d',
  SHARPE_30D: 'sharpe30d',
  /** Largest peak-to-trough fall of equity over the whole record, percent. */
  RUNNING_MAX_DRAWDOWN_PCT: 'runningMaxDrawdownPct',
  MAX_DRAWDOWN_30D_PCT: 'maxDrawdown30dPct',
  RETURN_30D_PCT: 'return30dPct',
  /** Realised slippage against the config's assumed slippage. */
  SLIPPAGE_RATIO: 'slippageRatio',
  /** Realised fees plus slippage against the config's assumed costs. */
  COST_RATIO: 'costRatio',
  /** Realised funding against the backtest's funding assumption. */
  FUNDING_DRIFT_RATIO: 'fundingDriftRatio',
  /** Flatten events (FLATTEN_ALL, kill --flatten, emergency-stop halts) in the stage. */
  FLATTEN_EVENTS: 'flattenEvents',
  FLATTEN_EVENTS_30D: 'flattenEvents30d',
  /** Realised funding paid, annualised, percent of equity. */
  FUNDING_DRAG_ANNUAL_PCT: 'fundingDragAnnualPct',
  /** Sleeves whose 14-day contribution is negative. */
  NEGATIVE_SLEEVES_14D: 'negativeSleeves14d',
  /** Sleeves whose 14-day contribution is zero or negative (R1 SOP: "3/3 sleeves with positive 14D contribution"). */
  NON_POSITIVE_SLEEVES_14D: 'nonPositiveSleeves14d',
  /** The worst sleeve's 14-day contribution to the account's return, percent. */
  WORST_SLEEVE_CONTRIBUTION_14D_PCT: 'worstSleeveContribution14dPct',
  /** Venue connectivity failures (unreachable, NOT_READY episodes) in the last 24 hours. */
  API_FAILURES_24H: 'apiFailures24h',
  /** Share of paper decisions equal to the backtest replay's, percent. */
  SIGNAL_CONSISTENCY_PCT: 'signalConsistencyPct',
  /** Filled orders on the venue's testnet (sandbox) for the account. */
  TESTNET_TRADES: 'testnetTrades',
} as const;
export type LadderMetric = (typeof LadderMetric)[keyof typeof LadderMetric];

export const ComparisonOperator = { GT: '>', GTE: '>=', LT: '<', LTE: '<=', EQ: '==' } as const;
export type ComparisonOperator = (typeof ComparisonOperator)[keyof typeof ComparisonOperator];

/** One condition of a stage or a guard: `metric op value`, e.g. `sharpe14d > 0`. */
export interface Criterion {
  readonly metric: LadderMetric;
  readonly op: ComparisonOperator;
  readonly value: number;
}

/** A criterion judged on measured figures; `measured` undefined means the figure could not be computed. */
export interface CriterionVerdict extends Criterion {
  readonly measured: number | undefined;
  /** Fails closed: a figure that could not be measured never passes. */
  readonly met: boolean;
  /** `sharpe14d > 0: 0.42` or `sharpe14d > 0: not measured`. */
  readonly text: string;
}

export type MeasuredFigures = Readonly<Partial<Record<LadderMetric, number>>>;

/** Judges one criterion on the measured figures (NaN counts as not measured). */
export function judgeCriterion(criterion: Criterion, figures: MeasuredFigures): CriterionVerdict {
  const raw = figures[criterion.metric];
  const measured = raw === undefined || Number.isNaN(raw) ? undefined : raw;
  const met = measured !== undefined && compare(measured, criterion.op, criterion.value);
  const shown = measured === undefined ? 'not measured' : String(Math.round(measured * 10_000) / 10_000);
  return { ...criterion, measured, met, text: `${describeCriterion(criterion)}: ${shown}` };
}

/** `sharpe14d > 0`. */
export function describeCriterion(criterion: Criterion): string {
  return `${criterion.metric} ${criterion.op} ${criterion.value}`;
}

function compare(measured: number, op: ComparisonOperator, bound: number): boolean {
  switch (op) {
    case '>':
      return measured > bound;
    case '>=':
      return measured >= bound;
    case '<':
      return measured < bound;
    case '<=':
      return measured <= bound;
    case '==':
      return measured === bound;
  }
}
