import { InputError } from '../../domain/errors/inputError.ts';
import { ladderFigures } from '../../ops/liveMetrics/index.ts';
import { reviewStage, sizingCapital, type MeasuredFigures, type StageReview } from '../../ops/scaleRules/index.ts';
import type { JsonObject, TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { ScaleRules } from '../config/scaleRulesSchema.ts';
import { accountRecord, ladderOf, ladderPosition, stageToEnter, type StageStay } from './ladderState.ts';

export interface StageStatus {
  readonly account: string;
  readonly stage: { readonly stage: number; readonly name: string; readonly mode: string; readonly capital: number };
  readonly enteredAtMs: number;
  /** The capital the runner sizes from at most now (the stage traded at: the next live one while on paper). */
  readonly sizingCapital: number;
  readonly figures: MeasuredFigures;
  readonly review: StageReview;
  readonly history: readonly StageStay[];
}

export interface StageInput {
  readonly store: TradeStore;
  /** The paper runner's store (a paper stage's record); default `store`. */
  readonly paperStore?: TradeStore;
  readonly loaded: LoadedConfig;
  readonly rules: ScaleRules;
  readonly account: string;
  readonly nowMs: number;
  /** Paper against the backtest replay over a window (percent), for a paper stage's signal consistency. */
  readonly signalConsistencyPct?: (fromMs: number, toMs: number) => Promise<number | undefined>;
}

/** `stage status`: the account's stage, every criterion of it with its value on the stage's record, and what moving on needs. */
export async function stageStatus(input: StageInput): Promise<StageStatus> {
  const position = await ladderPosition(input.store, input.rules, input.account, input.nowMs, input.paperStore);
  const consistency = position.current.mode === 'paper' && input.signalConsistencyPct !== undefined ? await input.signalConsistencyPct(position.enteredAtMs, input.nowMs) : undefined;
  const record = await accountRecord(position.current.mode === 'paper' ? (input.paperStore ?? input.store) : input.store, input.loaded, input.account, position.enteredAtMs, input.nowMs, consistency === undefined ? {} : { signalConsistencyPct: consistency });
  const figures = ladderFigures(record, input.nowMs);
  const review = reviewStage(ladderOf(input.rules), position.current.stage, figures);
  const traded = stageToEnter(input.rules, position.current);
  const equity = record.equitySnapshots[record.equitySnapshots.length - 1]?.equity ?? Number.NaN;
  const { stage, name, mode, capital } = position.current;
  return { account: input.account, stage: { stage, name, mode, capital }, enteredAtMs: position.enteredAtMs, sizingCapital: traded.mode === 'live' ? sizingCapital(Number.isFinite(equity) ? equity : traded.capital, traded) : equity, figures, review, history: position.history };
}

export interface StageMove {
  readonly fromStage: number;
  readonly toStage: number;
  readonly how: 'advance' | 'override' | 'abort' | 'reset';
}

/**
 * `stage advance`: needs every exit criterion met and the minimum time served, or `override` with a
 * reason (recorded with what was missing). `stage abort`: moves back to the stage the rules name when
 * an abort criterion is met, or by override. The move and its figures are stored.
 */
export async function moveStage(input: StageInput & { action: 'advance' | 'abort'; override: boolean; reason: string | undefined; actor: string }): Promise<{ moved: StageMove | undefined; status: StageStatus; refusal: string | undefined }> {
  if (input.override && (input.reason === undefined || input.reason.trim() === '')) throw new InputError('--override needs --reason TEXT (recorded with the move)', { keyPath: '--reason' });
  const status = await stageStatus(input);
  const { review } = status;
  let move: StageMove | undefined;
  let refusal: string | undefined;
  if (input.action === 'advance') {
    if (review.next === undefined) refusal = `stage ${review.stage.stage} is the last stage`;
    else if (review.abortToStage !== undefined && !input.override) refusal = `an abort criterion is met (${review.abort.filter((verdict) => verdict.met).map((verdict) => verdict.text).join('; ')}): rampart stage abort`;
    else if (review.mayAdvance) move = { fromStage: review.stage.stage, toStage: review.next.stage, how: 'advance' };
    else if (input.override) move = { fromStage: review.stage.stage, toStage: review.next.stage, how: 'override' };
    else refusal = `not every exit criterion is met: ${review.missing.join('; ')} (or --override --reason)`;
  } else {
    const ladder = ladderOf(input.rules);
    const fallback = review.stage.abort?.toStage ?? [...ladder].reverse().find((stage) => stage.stage < review.stage.stage)?.stage;
    if (review.abortToStage !== undefined) move = { fromStage: review.stage.stage, toStage: review.abortToStage, how: 'abort' };
    else if (input.override && fallback !== undefined) move = { fromStage: review.stage.stage, toStage: fallback, how: 'override' };
    else refusal = fallback === undefined ? `stage ${review.stage.stage} has no earlier stage` : `no abort criterion is met (${review.abort.map((verdict) => verdict.text).join('; ') || 'the stage has none'}); to move back anyway: --override --reason`;
  }
  if (move === undefined) return { moved: undefined, status, refusal };
  await recordStageMove(input.store, input.account, input.nowMs, move, input.actor, input.reason ?? move.how, { figures: { ...status.figures }, missing: [...review.missing], abort: review.abort.filter((verdict) => verdict.met).map((verdict) => verdict.text) });
  return { moved: move, status: await stageStatus(input), refusal: undefined };
}

export async function recordStageMove(store: TradeStore, account: string, atMs: number, move: StageMove, actor: string, reason: string, detail: JsonObject = {}): Promise<void> {
  await store.recordGoLive({ account, atMs, kind: 'STAGE_CHANGED', actor, reason, detail: { ...detail, fromStage: move.fromStage, toStage: move.toStage, how: move.how } });
}
