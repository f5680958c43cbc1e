import { judgeCriterion, type Criterion, type CriterionVerdict, type MeasuredFigures } from '../scaleRules/criterion.ts';
import { bandColour, type Band, type BandVerdict } from './bandColour.ts';

/** The risk guard's decisions (R1 SOP §3.3). */
export const RiskGuardDecision = {
  KEEP: 'KEEP',
  /** Scale-up conditions held on enough consecutive days: +N % proposed, applied only on `risk-guard approve`. */
  SCALE_UP: 'SCALE_UP',
  /** Any red, a scale-down condition, or a yellow for more than `yellowDays` days: sizes × `sizeMultiplier`. */
  REDUCE: 'REDUCE',
  /** The record is stale (no equity snapshot for `staleAfterMs`): the guard cannot judge, so it halts and flattens. */
  PAUSE: 'PAUSE',
  /** A hard stop: halt and flatten reduce-only at once. */
  FLATTEN_ALL: 'FLATTEN_ALL',
  /** Not a judgement: the operator's approval of a SCALE_UP proposal, which changes the size multiplier. */
  SCALE_UP_APPROVED: 'SCALE_UP_APPROVED',
} as const;
export type RiskGuardDecision = (typeof RiskGuardDecision)[keyof typeof RiskGuardDecision];

/** The rules file's `riskGuard` section, as the guard reads it. */
export interface RiskGuardRules {
  readonly bands: readonly Band[];
  readonly scaleUp?: { readonly consecutiveDays: number; readonly increasePct: number; readonly all: readonly Criterion[] };
  readonly reduce?: { readonly yellowDays: number; readonly sizeMultiplier: number; readonly any: readonly Criterion[] };
  readonly hardStop?: { readonly any: readonly Criterion[] };
}

/** Consecutive UTC days a condition held, as of the end of `day`. */
export interface DayCounters {
  /** UTC day index (days since 1970-01-01) these counts are at. */
  readonly day: number;
  /** Per metric: consecutive days it was yellow. */
  readonly yellowDays: Readonly<Record<string, number>>;
  /** Consecutive days every scale-up condition held. */
  readonly scaleUpDays: number;
}

/** What the guard keeps between runs (in the store's decision history). */
export interface RiskGuardState {
  /** Counts as of the latest judged day. */
  readonly counters: DayCounters;
  /** Counts as of the day before `counters.day`: a second run on the same day recounts from here, so it never counts a day twice. */
  readonly basis: DayCounters;
  /** The size multiplier in force (1 until a REDUCE or an approved SCALE_UP changes it). */
  readonly sizeMultiplier: number;
  readonly lastDecision: RiskGuardDecision | undefined;
}

export const INITIAL_STATE: RiskGuardState = { counters: { day: -1, yellowDays: {}, scaleUpDays: 0 }, basis: { day: -1, yellowDays: {}, scaleUpDays: 0 }, sizeMultiplier: 1, lastDecision: undefined };

export interface RiskGuardJudgement {
  readonly decision: RiskGuardDecision;
  /** Why, one line per trigger. */
  readonly reasons: readonly string[];
  readonly bands: readonly BandVerdict[];
  readonly scaleUp: readonly CriterionVerdict[];
  readonly reduce: readonly CriterionVerdict[];
  readonly hardStop: readonly CriterionVerdict[];
  /** The state after this judgement (size multiplier changed by a REDUCE; a SCALE_UP only proposes). */
  readonly state: RiskGuardState;
  /** For a SCALE_UP: the multiplier an approval would set. */
  readonly proposedSizeMultiplier?: number;
}

/**
 * One day's judgement. Counters advance once per UTC day: a run on the same day as the last recounts
 * from that day's basis; a day with no run breaks every streak (consecutive means consecutive UTC days).
 * Precedence: stale record → PAUSE; hard stop → FLATTEN_ALL; red, scale-down or long yellow → REDUCE;
 * scale-up streak long enough → SCALE_UP; else KEEP. A REDUCE right after a REDUCE keeps the
 * multiplier (sizes are halved once per episode, not every day it lasts).
 */
export function decideRiskGuard(rules: RiskGuardRules, figures: MeasuredFigures, previous: RiskGuardState, input: { readonly day: number; readonly stale: boolean }): RiskGuardJudgement {
  const bands = rules.bands.map((band) => bandColour(band, figures));
  const scaleUp = (rules.scaleUp?.all ?? []).map((criterion) => judgeCriterion(criterion, figures));
  const reduce = (rules.reduce?.any ?? []).map((criterion) => judgeCriterion(criterion, figures));
  const hardStop = (rules.hardStop?.any ?? []).map((criterion) => judgeCriterion(criterion, figures));

  const basis = previous.counters.day === input.day ? previous.basis : previous.counters.day === input.day - 1 ? previous.counters : { day: input.day - 1, yellowDays: {}, scaleUpDays: 0 };
  const yellowDays: Record<string, number> = {};
  for (const band of bands) yellowDays[band.metric] = band.colour === 'yellow' ? (basis.yellowDays[band.metric] ?? 0) + 1 : 0;
  const scaleUpHolds = rules.scaleUp !== undefined && scaleUp.every((verdict) => verdict.met);
  const counters: DayCounters = { day: input.day, yellowDays, scaleUpDays: scaleUpHolds ? basis.scaleUpDays + 1 : 0 };
  const next = (decision: RiskGuardDecision, sizeMultiplier: number): RiskGuardState => ({ counters, basis, sizeMultiplier, lastDecision: decision });
  const judged = { bands, scaleUp, reduce, hardStop };

  if (input.stale) return { decision: 'PAUSE', reasons: ['no equity snapshot recently: the record is stale, the guard cannot judge the account'], ...judged, state: next('PAUSE', previous.sizeMultiplier) };
  const stops = hardStop.filter((verdict) => verdict.met);
  if (stops.length > 0) return { decision: 'FLATTEN_ALL', reasons: stops.map((verdict) => `hard stop ${verdict.text}`), ...judged, state: next('FLATTEN_ALL', previous.sizeMultiplier) };

  const reduceReasons = [
    ...bands.filter((band) => band.colour === 'red').map((band) => `red ${band.text}`),
    ...reduce.filter((verdict) => verdict.met).map((verdict) => `scale-down ${verdict.text}`),
    ...bands.filter((band) => rules.reduce !== undefined && yellowDays[band.metric] > rules.reduce.yellowDays).map((band) => `yellow for ${yellowDays[band.metric]} days (more than ${rules.reduce?.yellowDays}) ${band.text}`),
  ];
  if (reduceReasons.length > 0 && rules.reduce !== undefined) {
    const sizeMultiplier = previous.lastDecision === 'REDUCE' ? previous.sizeMultiplier : previous.sizeMultiplier * rules.reduce.sizeMultiplier;
    return { decision: 'REDUCE', reasons: reduceReasons, ...judged, state: next('REDUCE', sizeMultiplier) };
  }
  if (rules.scaleUp !== undefined && counters.scaleUpDays >= rules.scaleUp.consecutiveDays) {
    const proposedSizeMultiplier = previous.sizeMultiplier * (1 + rules.scaleUp.increasePct / 100);
    return { decision: 'SCALE_UP', reasons: [`every scale-up condition held on ${counters.scaleUpDays} consecutive days (${rules.scaleUp.consecutiveDays} needed): +${rules.scaleUp.increasePct} % proposed, awaiting approval`], ...judged, state: next('SCALE_UP', previous.sizeMultiplier), proposedSizeMultiplier };
  }
  const yellow = bands.filter((band) => band.colour === 'yellow');
  const reasons = yellow.length === 0 ? ['no metric red or yellow'] : yellow.map((band) => `yellow for ${yellowDays[band.metric]} day(s), review ${band.text}`);
  return { decision: 'KEEP', reasons, ...judged, state: next('KEEP', previous.sizeMultiplier) };
}

/** The state after an approved SCALE_UP: the proposal's multiplier, and a new scale-up count from zero. */
export function approveScaleUp(previous: RiskGuardState, proposedSizeMultiplier: number): RiskGuardState {
  const reset = (counters: DayCounters): DayCounters => ({ ...counters, scaleUpDays: 0 });
  return { counters: reset(previous.counters), basis: reset(previous.basis), sizeMultiplier: proposedSizeMultiplier, lastDecision: 'SCALE_UP_APPROVED' };
}
