import { hostname, userInfo } from 'node:os';
import { ladderFigures } from '../../ops/liveMetrics/index.ts';
import { reviewStage, judgeCriterion, type CriterionVerdict, type LadderStage } from '../../ops/scaleRules/index.ts';
import type { JsonObject } from '../../ports/tradeStore.ts';
import type { LoadedScaleRules } from '../config/loadScaleRules.ts';
import { accountRecord, ladderOf, ladderPosition, stageToEnter, type LadderPosition } from './ladderState.ts';
import { runPreflight, type PreflightInput, type PreflightReport } from './preflight.ts';

export const LaunchDecision = { ALLOW_LAUNCH: 'ALLOW_LAUNCH', BLOCK_LAUNCH: 'BLOCK_LAUNCH' } as const;
export type LaunchDecision = (typeof LaunchDecision)[keyof typeof LaunchDecision];

/** One line of the guard's verdict: the failing (HARD) or warning (SOFT) condition with its value. */
export interface GuardFinding {
  readonly name: string;
  readonly detail: string;
}

export interface LaunchGuardReport {
  readonly account: string;
  readonly decision: LaunchDecision;
  /** The stage the account trades at or is about to enter. */
  readonly stage: { readonly stage: number; readonly name: string; readonly capital: number };
  readonly hard: readonly GuardFinding[];
  readonly soft: readonly GuardFinding[];
  /** The entry conditions judged on the record, each with its value. */
  readonly entry: readonly CriterionVerdict[];
  readonly preflight: PreflightReport;
}

export interface LaunchGuardInput extends PreflightInput {
  readonly rules: LoadedScaleRules;
  /** Paper against the backtest replay over a window, percent; undefined when it cannot be measured (then `signalConsistencyPct` fails closed). */
  readonly signalConsistencyPct?: (fromMs: number, toMs: number) => Promise<number | undefined>;
  /** Who asked (stored with the decision). */
  readonly actor?: string;
}

/**
 * The R1 SOP's launch guard (§1.5, §2 entry conditions): preflight's HARD checks, plus the exit
 * criteria of the stage before the one the account trades at, judged on that stage's record in the
 * store (paper for stage 1), the stage's own entry criteria, and none of its abort criteria met.
 * Any HARD failure blocks; SOFT findings (warnings, attestations) are listed. The decision and its
 * inputs are stored.
 */
export async function runLaunchGuard(input: LaunchGuardInput): Promise<LaunchGuardReport> {
  const preflight = await runPreflight(input);
  const { account } = preflight;
  const rules = input.rules.rules;
  const position = await ladderPosition(input.store, rules, account, input.nowMs, input.paperStore);
  const target = stageToEnter(rules, position.current);
  const hard: GuardFinding[] = preflight.checks.filter((check) => check.status === 'FAIL').map((check) => ({ name: check.name, detail: check.detail }));
  const soft: GuardFinding[] = preflight.checks.filter((check) => check.status === 'WARN').map((check) => ({ name: check.name, detail: check.detail }));
  const entry = await entryConditions(input, account, position, target);
  for (const verdict of entry) if (!verdict.met) hard.push({ name: `stage ${target.stage} entry`, detail: verdict.text });
  if (position.current.stage === target.stage) {
    const figures = ladderFigures(await accountRecord(input.store, input.loaded, account, position.enteredAtMs, input.nowMs), input.nowMs);
    const review = reviewStage(ladderOf(rules), target.stage, figures);
    for (const verdict of review.abort) if (verdict.met) hard.push({ name: `stage ${target.stage} abort criterion met`, detail: `${verdict.text}: move back with rampart stage abort` });
  }
  for (const attestation of target.attestations) soft.push({ name: `stage ${target.stage} attestation`, detail: attestation });
  const decision = hard.length === 0 ? LaunchDecision.ALLOW_LAUNCH : LaunchDecision.BLOCK_LAUNCH;
  const report: LaunchGuardReport = { account, decision, stage: { stage: target.stage, name: target.name, capital: target.capital }, hard, soft, entry, preflight };
  await input.store.recordGoLive({
    account,
    atMs: input.nowMs,
    kind: 'LAUNCH_DECISION',
    actor: input.actor ?? operatorName(),
    reason: decision,
    detail: {
      decision,
      stage: target.stage,
      configSha256: input.loaded.sha256,
      rulesFile: input.rules.path,
      hard: hard.map((finding) => ({ ...finding })),
      soft: soft.map((finding) => ({ ...finding })),
      entry: entry.map((verdict) => ({ criterion: verdict.text, met: verdict.met, measured: verdict.measured ?? null })),
      checks: preflight.checks.map((check) => ({ name: check.name, status: check.status, detail: check.detail })),
    } as JsonObject,
  });
  return report;
}

/** The exit criteria of the stage before `target` on its latest stay's record, then `target`'s entry criteria on the record since. */
async function entryConditions(input: LaunchGuardInput, account: string, position: LadderPosition, target: LadderStage): Promise<CriterionVerdict[]> {
  const ladder = ladderOf(input.rules.rules);
  const previous = [...ladder].reverse().find((stage) => stage.stage < target.stage);
  const verdicts: CriterionVerdict[] = [];
  if (previous !== undefined) {
    const stays = position.history;
    const index = stays.map((stay) => stay.stage).lastIndexOf(previous.stage);
    const fromMs = index < 0 ? input.nowMs : stays[index].enteredAtMs;
    const toMs = index >= 0 && index + 1 < stays.length ? stays[index + 1].enteredAtMs : input.nowMs;
    const consistency = previous.mode === 'paper' && input.signalConsistencyPct !== undefined ? await input.signalConsistencyPct(fromMs, toMs) : undefined;
    const recordStore = previous.mode === 'paper' ? (input.paperStore ?? input.store) : input.store;
    const figures = ladderFigures(await accountRecord(recordStore, input.loaded, account, fromMs, toMs, consistency === undefined ? {} : { signalConsistencyPct: consistency }), toMs);
    const review = reviewStage(ladder, previous.stage, figures);
    verdicts.push(...review.exit.map((verdict) => ({ ...verdict, text: `stage ${previous.stage} exit: ${verdict.text}` })));
  }
  if (target.entry.length > 0) {
    const figures = ladderFigures(await accountRecord(input.store, input.loaded, account, position.enteredAtMs, input.nowMs), input.nowMs);
    verdicts.push(...target.entry.map((criterion) => judgeCriterion(criterion, figures)));
  }
  return verdicts;
}

/** `user@host`, the actor stored with a decision when none is named. */
export function operatorName(): string {
  return `${userInfo().username}@${hostname()}`;
}

