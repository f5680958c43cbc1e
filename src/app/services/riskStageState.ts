//! Staged risk per sleeve (`sizing.stages`): the step in force from the store's risk_stages records,
//! the evidence on it from the store (round trips, equity, execution errors), the evaluator's review,
//! and the operator's step up. The runners read the step in force through riskPerTradeBySleeve.
import { InputError } from '../../domain/errors/inputError.ts';
import { maxDrawdownPct, roundTrips, tradeStats } from '../../ops/liveMetrics/index.ts';
import { criterionText, evaluateRiskStage, type RiskStageEvidence, type RiskStageReview } from '../../ops/riskStages/index.ts';
import type { JsonObject, RiskStageRecord, TradeStore } from '../../ports/tradeStore.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { SizingStages } from '../config/sizingStagesSchema.ts';
import { apiFailureTimes, attributedFills, incidentOfAccount, recordStartMs } from './accountMetricsFromStore.ts';

const DAY_MS = 86_400_000;

/** The config's ladder, or a refusal naming the key: the sizing commands need one. */
export function stagesOf(loaded: LoadedConfig): SizingStages {
  const stages = loaded.config.sizing.stages;
  if (stages === undefined) throw new InputError('the config has no staged risk: add sizing.stages (steps, advance, stepDown) with sizing.mode risk', { file: loaded.path, keyPath: 'sizing.stages' });
  return stages;
}

/** The step a sleeve trades at: its latest stored record, else the first step (nothing recorded yet). */
export interface RiskStageInForce {
  readonly stepIndex: number;
  readonly riskPerTrade: number;
  /** undefined: no record, the sleeve is on the first step since its record began. */
  readonly record: RiskStageRecord | undefined;
}

export async function riskStageInForce(store: TradeStore, stages: SizingStages, account: string, sleeve: string): Promise<RiskStageInForce> {
  const record = (await store.listRiskStages({ account, sleeve })).at(-1);
  const stepIndex = record?.stepIndex ?? 0;
  // Fail closed: a stored step the config's ladder no longer has is not guessed at.
  if (stepIndex >= stages.steps.length) throw new InputError(`${account}/${sleeve}: the store puts the sleeve on risk step ${stepIndex}, which sizing.stages.steps (${stages.steps.length} steps) does not have`, { keyPath: 'sizing.stages.steps' });
  return { stepIndex, riskPerTrade: stages.steps[stepIndex], record };
}

/** Each sleeve's risk per trade in force for `account` (read once per bar by the runners). */
export async function riskPerTradeBySleeve(store: TradeStore, config: RampartConfig, account: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const stages = config.sizing.stages;
  if (stages === undefined) return out;
  for (const sleeve of config.sleeves.filter((item) => item.account === account)) {
    out.set(sleeve.name, (await riskStageInForce(store, stages, account, sleeve.name)).riskPerTrade);
  }
  return out;
}

/** What the sleeve did on its step since `sinceMs`, from the store (fractions). */
export async function riskStageEvidence(store: TradeStore, account: string, sleeve: string, sinceMs: number, nowMs: number): Promise<RiskStageEvidence> {
  const fills = (await attributedFills(store, account, await store.listIntents({ account }), nowMs)).filter((fill) => fill.sleeve === sleeve);
  const trips = roundTrips(fills).filter((trip) => trip.closedAtMs >= sinceMs);
  const stats = tradeStats(trips);
  const equity = (await store.listEquitySnapshots(account, { fromMs: sinceMs, toMs: nowMs })).map((snapshot) => Number(snapshot.equity));
  const errors = apiFailureTimes((await store.listIncidents({ fromMs: sinceMs, toMs: nowMs })).filter((incident) => incidentOfAccount(incident, account)));
  const quietSinceMs = Math.max(sinceMs, ...errors);
  return {
    trades: stats.tradeCount,
    winRate: stats.winRatePct / 100,
    profitFactor: stats.profitFactor,
    maxDrawdown: maxDrawdownPct(equity) / 100,
    executionErrors: errors.length,
    daysWithoutErrors: Math.max(0, (nowMs - quietSinceMs) / DAY_MS),
  };
}

export interface SleeveRiskStage {
  readonly account: string;
  readonly sleeve: string;
  readonly stepIndex: number;
  readonly riskPerTrade: number;
  readonly enteredAtMs: number;
  readonly how: string;
  readonly evidence: RiskStageEvidence;
  readonly review: RiskStageReview;
}

export interface SizingInput {
  readonly store: TradeStore;
  readonly loaded: LoadedConfig;
  readonly nowMs: number;
}

async function sleeveStage(input: SizingInput, stages: SizingStages, account: string, sleeve: string): Promise<SleeveRiskStage> {
  const inForce = await riskStageInForce(input.store, stages, account, sleeve);
  // Without a record the step began with the account's record (its first snapshot or fill), else now.
  const start = inForce.record?.atMs ?? recordStartMs([...(await input.store.listEquitySnapshots(account)), ...(await input.store.listFills({ account }))]) ?? input.nowMs;
  const evidence = await riskStageEvidence(input.store, account, sleeve, start, input.nowMs);
  return { account, sleeve, stepIndex: inForce.stepIndex, riskPerTrade: inForce.riskPerTrade, enteredAtMs: start, how: inForce.record?.how ?? 'start', evidence, review: evaluateRiskStage(stages, inForce.stepIndex, evidence) };
}

/** `sizing status`: every sleeve's step, evidence and verdict. */
export async function sizingStatus(input: SizingInput): Promise<SleeveRiskStage[]> {
  const stages = stagesOf(input.loaded);
  const out = [];
  for (const sleeve of input.loaded.config.sleeves) out.push(await sleeveStage(input, stages, sleeve.account, sleeve.name));
  return out;
}

function evidenceDetail(stage: SleeveRiskStage): JsonObject {
  const numberOrNull = (value: number) => (Number.isFinite(value) ? value : null);
  const criteria = (items: RiskStageReview['advance']) => items.map((item) => ({ name: item.name, value: numberOrNull(item.value), comparison: item.comparison, bound: item.bound, met: item.met, measured: item.measured }));
  return { fromStep: stage.stepIndex, verdict: stage.review.verdict, advance: criteria(stage.review.advance), stepDown: criteria(stage.review.stepDown) };
}

/**
 * `sizing advance`: one step up for the sleeve when the evaluator says ADVANCE_ELIGIBLE; otherwise
 * refused with the failing criteria unless `override` (recorded as such). The evidence goes with the record.
 */
export async function advanceSizing(input: SizingInput & { sleeve: string; reason: string; override: boolean; actor: string }): Promise<{ stage: SleeveRiskStage; moved: RiskStageRecord | undefined; refusal: string | undefined }> {
  const stages = stagesOf(input.loaded);
  if (input.reason.trim() === '') throw new InputError('--reason must not be empty: say why the sleeve steps up', { keyPath: '--reason', value: input.reason });
  const sleeve = input.loaded.config.sleeves.find((item) => item.name === input.sleeve);
  if (sleeve === undefined) throw new InputError(`--sleeve must name a sleeve of the config (${input.loaded.config.sleeves.map((item) => item.name).join(', ')}), was "${input.sleeve}"`, { file: input.loaded.path, keyPath: '--sleeve', value: input.sleeve });
  const stage = await sleeveStage(input, stages, sleeve.account, sleeve.name);
  const top = stage.stepIndex + 1 >= stages.steps.length;
  if (top) return { stage, moved: undefined, refusal: `already on the last step (${stages.steps[stage.stepIndex]})` };
  const failing = [...stage.review.advance.filter((item) => !item.met).map((item) => `advance: ${criterionText(item)}`), ...stage.review.stepDown.filter((item) => item.met).map((item) => `stop scaling: ${criterionText(item)}`)];
  if (stage.review.verdict !== 'ADVANCE_ELIGIBLE' && !input.override) return { stage, moved: undefined, refusal: `not eligible (${stage.review.verdict}): ${failing.join('; ')}` };
  const moved: RiskStageRecord = {
    account: sleeve.account,
    sleeve: sleeve.name,
    atMs: input.nowMs,
    stepIndex: stage.stepIndex + 1,
    riskPerTrade: stages.steps[stage.stepIndex + 1],
    how: stage.review.verdict === 'ADVANCE_ELIGIBLE' ? 'advance' : 'override',
    reason: input.reason.trim(),
    actor: input.actor,
    detail: { ...evidenceDetail(stage), ...(failing.length > 0 ? { overridden: failing } : {}) },
  };
  await input.store.recordRiskStage(moved);
  return { stage, moved, refusal: undefined };
}

/**
 * `sizing status --apply`: takes the steps the evidence calls for without an operator: a STEP_DOWN
 * always (less risk needs no sign-off), an ADVANCE_ELIGIBLE only when `sizing.stages.automatic`.
 * Each is recorded with its evidence; returns what was recorded.
 */
export async function applySizingReviews(input: SizingInput & { actor: string }): Promise<RiskStageRecord[]> {
  const stages = stagesOf(input.loaded);
  const recorded: RiskStageRecord[] = [];
  for (const stage of await sizingStatus(input)) {
    const { verdict, targetIndex } = stage.review;
    const down = verdict === 'STEP_DOWN' && targetIndex < stage.stepIndex;
    const up = verdict === 'ADVANCE_ELIGIBLE' && stages.automatic;
    if (!down && !up) continue;
    const triggered = stage.review.stepDown.filter((item) => item.met).map(criterionText);
    const record: RiskStageRecord = {
      account: stage.account,
      sleeve: stage.sleeve,
      atMs: input.nowMs,
      stepIndex: targetIndex,
      riskPerTrade: stages.steps[targetIndex],
      how: down ? 'step-down' : 'automatic',
      reason: down ? `stop scaling: ${triggered.join('; ')}` : 'every advance criterion met (sizing.stages.automatic)',
      actor: input.actor,
      detail: evidenceDetail(stage),
    };
    await input.store.recordRiskStage(record);
    recorded.push(record);
  }
  return recorded;
}
