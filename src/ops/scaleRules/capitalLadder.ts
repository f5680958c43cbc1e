import { judgeCriterion, type Criterion, type CriterionVerdict, type MeasuredFigures } from './criterion.ts';

/** One rung of the staged capital ladder (R1 SOP §2): paper first, then growing real capital. */
export interface LadderStage {
  /** 0 for paper, then 1, 2, 3 … in order. */
  readonly stage: number;
  readonly name: string;
  /** `paper` stages trade on the simulated venue; `live` stages risk real money. */
  readonly mode: 'paper' | 'live';
  /** Capital the runner sizes from at most (USDT); 0 for paper. */
  readonly capital: number;
  /** The shortest time in the stage before its exit may be judged. */
  readonly minDays: number;
  /** Conditions to enter the stage, on the record so far (the previous stage's exit is implied). */
  readonly entry: readonly Criterion[];
  /** Conditions to move on: all required. */
  readonly exit: readonly Criterion[];
  /** Conditions that send the account back: any triggers. */
  readonly abort: { readonly toStage: number; readonly any: readonly Criterion[] } | undefined;
  /** Things a person attests before entry (monitoring staffed, weekly report reviewed …). */
  readonly attestations: readonly string[];
}

export interface StageReview {
  readonly stage: LadderStage;
  readonly next: LadderStage | undefined;
  readonly exit: readonly CriterionVerdict[];
  /** Every exit criterion met and the stage's minimum time served. */
  readonly mayAdvance: boolean;
  readonly abort: readonly CriterionVerdict[];
  /** The stage to fall back to when any abort criterion is met. */
  readonly abortToStage: number | undefined;
  /** What moving on still needs, in words. */
  readonly missing: readonly string[];
}

/** Judges where an account stands in its stage from the figures measured on its record. */
export function reviewStage(ladder: readonly LadderStage[], current: number, figures: MeasuredFigures): StageReview {
  const stage = ladder.find((candidate) => candidate.stage === current);
  if (stage === undefined) throw new RangeError(`stage ${current} is not on the ladder (stages ${ladder.map((candidate) => candidate.stage).join(', ')})`);
  const next = ladder.find((candidate) => candidate.stage > current);
  const daysCriterion: Criterion = { metric: 'daysInStage', op: '>=', value: stage.minDays };
  const exit = [...(stage.minDays > 0 ? [daysCriterion] : []), ...stage.exit].map((criterion) => judgeCriterion(criterion, figures));
  const abort = (stage.abort?.any ?? []).map((criterion) => judgeCriterion(criterion, figures));
  const triggered = abort.some((verdict) => verdict.met);
  const missing = [...exit.filter((verdict) => !verdict.met).map((verdict) => `exit: ${verdict.text}`), ...(next === undefined ? ['this is the last stage'] : [])];
  return {
    stage,
    next,
    exit,
    mayAdvance: next !== undefined && exit.every((verdict) => verdict.met),
    abort,
    abortToStage: triggered ? stage.abort?.toStage : undefined,
    missing,
  };
}

/**
 * Capital the runner sizes from: the wallet, but never more than the stage allows, so money added to
 * the wallet never raises risk by itself. A paper stage sizes from its simulated balance.
 */
export function sizingCapital(walletBalance: number, stage: LadderStage): number {
  if (stage.mode === 'paper') return walletBalance;
  return Math.min(walletBalance, stage.capital);
}
