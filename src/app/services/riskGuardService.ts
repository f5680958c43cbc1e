import { InputError } from '../../domain/errors/inputError.ts';
import { utcDayIndex } from '../../risk/calendar.ts';
import type { AccountMetrics } from '../../ops/liveMetrics/index.ts';
import { approveScaleUp, decideRiskGuard, INITIAL_STATE, type RiskGuardJudgement, type RiskGuardRules, type RiskGuardState, type DayCounters } from '../../ops/riskGuard/index.ts';
import type { Logger } from '../../ports/logger.ts';
import type { JsonObject, RiskGuardDecisionRecord, TradeStore } from '../../ports/tradeStore.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { accountMetricsFromStore, hasAccountRecord, tradedAccounts } from './accountMetricsFromStore.ts';
import { recordOperatorCommand } from './operatorCommands.ts';

/** A record without an equity snapshot for this long is stale: the guard cannot judge it and pauses the account. */
export const DEFAULT_STALE_AFTER_MS = 26 * 3_600_000;

export interface RiskGuardOutcome {
  readonly account: string;
  readonly atMs: number;
  readonly judgement: RiskGuardJudgement;
  readonly previousSizeMultiplier: number;
  readonly metrics: AccountMetrics;
  /** What the run did (empty in a dry run or for a KEEP). */
  readonly actions: readonly string[];
  readonly dryRun: boolean;
}

export interface RunRiskGuardInput {
  readonly store: TradeStore;
  /** The config with each account's capital profile in force. */
  readonly config: RampartConfig;
  readonly rules: RiskGuardRules;
  readonly nowMs: number;
  readonly dryRun: boolean;
  readonly actor: string;
  readonly logger: Logger;
  readonly account?: string;
  readonly staleAfterMs?: number;
}

/**
 * One risk-guard run over the config's accounts (R1 SOP §3): metrics from the store, colours and a
 * decision from the rules and the stored day counters. Unless `dryRun`, the decision is stored (with
 * its counters and the size multiplier in force), and it acts: REDUCE's multiplier is what the runner
 * applies from its next target; PAUSE and FLATTEN_ALL halt the account and request a reduce-only
 * flatten (once: not again while it stays HALTED), then alert and open an incident.
 */
export async function runRiskGuard(input: RunRiskGuardInput): Promise<RiskGuardOutcome[]> {
  const accounts = selectAccounts(input.config, input.account);
  const outcomes: RiskGuardOutcome[] = [];
  for (const account of accounts) {
    // Nothing to judge: no decision, nothing stored (the job reports the account as without a record).
    if (!(await hasAccountRecord(input.store, account, input.nowMs))) continue;
    const history = await input.store.listRiskGuardDecisions({ account });
    const previous = stateFrom(history[history.length - 1]);
    const metrics = await accountMetricsFromStore(input.store, input.config, account, input.nowMs);
    // One that stopped reporting is stale.
    const stale = metrics.lastSnapshotAtMs !== undefined && input.nowMs - metrics.lastSnapshotAtMs > (input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
    const judgement = decideRiskGuard(input.rules, metrics.figures, previous, { day: utcDayIndex(input.nowMs), stale });
    const actions = input.dryRun ? [] : await act(input, account, judgement, previous);
    outcomes.push({ account, atMs: input.nowMs, judgement, previousSizeMultiplier: previous.sizeMultiplier, metrics, actions, dryRun: input.dryRun });
  }
  return outcomes;
}

async function act(input: RunRiskGuardInput, account: string, judgement: RiskGuardJudgement, previous: RiskGuardState): Promise<string[]> {
  const { store, logger, nowMs, actor } = input;
  const actions: string[] = [];
  const { decision, state } = judgement;
  await store.recordRiskGuardDecision(decisionRecord(account, nowMs, judgement, actor));
  actions.push(`decision stored (size multiplier ${state.sizeMultiplier})`);
  if (decision === 'REDUCE' && state.sizeMultiplier !== previous.sizeMultiplier) {
    logger.warn('alert_risk_guard_reduce', { account, detail: `size multiplier ${previous.sizeMultiplier} → ${state.sizeMultiplier}: ${judgement.reasons.join('; ')}` });
    actions.push(`new targets sized × ${state.sizeMultiplier}`);
  }
  if (decision === 'SCALE_UP') {
    logger.info('alert_risk_guard_scale_up_proposed', { account, detail: `size multiplier ${state.sizeMultiplier} → ${judgement.proposedSizeMultiplier} once approved (rampart risk-guard approve --reason …)` });
    actions.push('scale-up proposed: awaiting rampart risk-guard approve');
  }
  if (decision === 'PAUSE' || decision === 'FLATTEN_ALL') {
    const current = await store.loadTradingState(account);
    const reason = `risk guard ${decision}: ${judgement.reasons.join('; ')}`;
    if (current?.state === 'HALTED') {
      actions.push('already HALTED: no new flatten request');
    } else {
      await recordOperatorCommand(store, { kind: 'kill', accounts: [account], reason, actor, nowMs, flatten: true });
      await store.recordIncident({ atMs: nowMs, kind: `RISK_GUARD_${decision}`, severity: 'CRITICAL', detail: { account, decision, reasons: [...judgement.reasons], colours: Object.fromEntries(judgement.bands.map((band) => [band.metric, band.colour])) } });
      logger.error(`alert_risk_guard_${decision.toLowerCase()}`, { account, reason });
      actions.push('HALTED', 'flatten requested (reduce-only at the venue)', `incident RISK_GUARD_${decision} opened`);
    }
  }
  return actions;
}

/** The stored row of a judgement: its figures, colours, reasons and the counters a restart continues from. */
function decisionRecord(account: string, atMs: number, judgement: RiskGuardJudgement, actor: string): RiskGuardDecisionRecord {
  const detail = {
    actor,
    reasons: [...judgement.reasons],
    colours: Object.fromEntries(judgement.bands.map((band) => [band.metric, band.colour])),
    bands: judgement.bands.map((band) => band.text),
    scaleUp: judgement.scaleUp.map((verdict) => verdict.text),
    counters: countersJson(judgement.state.counters),
    basis: countersJson(judgement.state.basis),
    ...(judgement.proposedSizeMultiplier !== undefined ? { proposedSizeMultiplier: judgement.proposedSizeMultiplier } : {}),
  };
  return { account, atMs, decision: judgement.decision, sizeMultiplier: judgement.state.sizeMultiplier, detail };
}

function countersJson(counters: DayCounters): JsonObject {
  return { day: counters.day, yellowDays: { ...counters.yellowDays }, scaleUpDays: counters.scaleUpDays };
}

/** The guard's state from the account's latest stored decision; a row it cannot read refuses the run. */
export function stateFrom(latest: RiskGuardDecisionRecord | undefined): RiskGuardState {
  if (latest === undefined) return INITIAL_STATE;
  const counters = countersFrom(latest.detail.counters, latest);
  const basis = countersFrom(latest.detail.basis, latest);
  return { counters, basis, sizeMultiplier: latest.sizeMultiplier, lastDecision: latest.decision as RiskGuardState['lastDecision'] };
}

function countersFrom(value: unknown, row: RiskGuardDecisionRecord): DayCounters {
  const object = value as { day?: unknown; yellowDays?: unknown; scaleUpDays?: unknown } | null | undefined;
  const yellowDays = object?.yellowDays;
  if (typeof object?.day !== 'number' || typeof object.scaleUpDays !== 'number' || typeof yellowDays !== 'object' || yellowDays === null || Object.values(yellowDays).some((days) => typeof days !== 'number')) {
    throw new Error(`the risk guard's stored decision of account ${row.account} at ${new Date(row.atMs).toISOString()} has no readable day counters: refusing to judge without them`);
  }
  return { day: object.day, yellowDays: yellowDays as Record<string, number>, scaleUpDays: object.scaleUpDays };
}

function selectAccounts(config: RampartConfig, account: string | undefined): string[] {
  const traded = tradedAccounts(config);
  if (account === undefined) return traded;
  if (!traded.includes(account)) throw new InputError(`--account must be one the config trades (${traded.join(', ')}), was "${account}"`, { keyPath: '--account', value: account });
  return [account];
}

/**
 * `risk-guard approve`: applies the account's pending SCALE_UP proposal (its latest decision) by
 * storing the proposed size multiplier, with the operator's reason; the scale-up count starts again.
 */
export async function approveRiskGuardScaleUp(input: { store: TradeStore; config: RampartConfig; account?: string; reason: string; actor: string; nowMs: number; logger: Logger }): Promise<Array<{ account: string; sizeMultiplier: number; previousSizeMultiplier: number }>> {
  const reason = input.reason.trim();
  if (reason === '') throw new InputError('--reason must not be empty: say why the scale-up is approved', { keyPath: '--reason', value: input.reason });
  const approved = [];
  const pending: Array<{ account: string; latest: RiskGuardDecisionRecord }> = [];
  for (const account of selectAccounts(input.config, input.account)) {
    const history = await input.store.listRiskGuardDecisions({ account });
    const latest = history[history.length - 1];
    if (latest?.decision === 'SCALE_UP' && typeof latest.detail.proposedSizeMultiplier === 'number') pending.push({ account, latest });
    else if (input.account !== undefined) throw new InputError(`account ${account} has no SCALE_UP proposal pending (its latest risk-guard decision is ${latest?.decision ?? 'none'})`, { keyPath: '--account', value: account });
  }
  if (pending.length === 0) throw new InputError('no account has a SCALE_UP proposal pending: run rampart risk-guard first; a proposal is its latest decision', { keyPath: 'risk-guard approve', value: '' });
  for (const { account, latest } of pending) {
    const proposed = latest.detail.proposedSizeMultiplier as number;
    const state = approveScaleUp(stateFrom(latest), proposed);
    await input.store.recordRiskGuardDecision({
      account,
      atMs: input.nowMs,
      decision: 'SCALE_UP_APPROVED',
      sizeMultiplier: state.sizeMultiplier,
      detail: { actor: input.actor, reason, proposalAtMs: latest.atMs, counters: countersJson(state.counters), basis: countersJson(state.basis) },
    });
    input.logger.warn('alert_risk_guard_scale_up_approved', { account, detail: `size multiplier ${latest.sizeMultiplier} → ${state.sizeMultiplier}: ${reason}` });
    approved.push({ account, sizeMultiplier: state.sizeMultiplier, previousSizeMultiplier: latest.sizeMultiplier });
  }
  return approved;
}
