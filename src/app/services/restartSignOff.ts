import { InputError } from '../../domain/errors/inputError.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { ScaleRules } from '../config/scaleRulesSchema.ts';
import { ladderPosition } from './ladderState.ts';
import { recordStageMove } from './stage.ts';

export interface SignOff {
  /** Reference of the completed post-mortem (document, ticket). */
  readonly postMortem: string | undefined;
  /** Names of the people who signed off. */
  readonly approvedBy: readonly string[];
}

/** Refuses a restart the rules' sign-off does not cover (R1 SOP §5.2): checked before anything is written. */
export function validateSignOff(rules: ScaleRules, rulesPath: string, signOff: SignOff): void {
  if (rules.restart.requirePostMortem && (signOff.postMortem === undefined || signOff.postMortem.trim() === '')) {
    throw new InputError(`${rulesPath}: restart.requirePostMortem: a reset needs --post-mortem REF, the completed post-mortem`, { file: rulesPath, keyPath: 'restart.requirePostMortem' });
  }
  const names = new Set(signOff.approvedBy.map((name) => name.trim().toLowerCase()).filter((name) => name !== ''));
  if (names.size < rules.restart.approvers) {
    throw new InputError(`${rulesPath}: restart.approvers: a reset needs ${rules.restart.approvers} distinct --approved-by names, was ${names.size}${signOff.approvedBy.length > names.size ? ` (${signOff.approvedBy.join(', ')}: repeated names count once)` : ''}`, { file: rulesPath, keyPath: 'restart.approvers', value: signOff.approvedBy });
  }
}

/**
 * Records the sign-off, moves the account back to the previous stage when the rules say so (restart at
 * the previous stage's capital, not the current one) and records a deactivation: trading resumes only
 * through `go-live activate`, whose launch guard must say ALLOW_LAUNCH (SOP §5.2).
 */
export async function recordRestartSignOff(store: TradeStore, rules: ScaleRules, account: string, nowMs: number, signOff: SignOff, reason: string): Promise<{ fromStage: number; toStage: number }> {
  const position = await ladderPosition(store, rules, account, nowMs);
  const ladder = rules.ladder.map((stage) => stage.stage);
  const from = position.current.stage;
  const previous = [...ladder].reverse().find((stage) => stage < from);
  const to = rules.restart.restartAtPreviousStage && previous !== undefined ? previous : from;
  const approvedBy = [...new Set(signOff.approvedBy.map((name) => name.trim()))];
  const actor = approvedBy.join(' + ') || 'operator';
  await store.recordGoLive({ account, atMs: nowMs, kind: 'RESTART_SIGNED_OFF', actor, reason, detail: { postMortem: signOff.postMortem ?? null, approvedBy, fromStage: from, toStage: to } });
  if (to !== from) await recordStageMove(store, account, nowMs, { fromStage: from, toStage: to, how: 'reset' }, actor, reason, { postMortem: signOff.postMortem ?? null });
  await store.recordGoLive({ account, atMs: nowMs, kind: 'DEACTIVATED', actor, reason: `reset after a halt: re-activate through go-live activate (launch guard)`, detail: { reset: true } });
  return { fromStage: from, toStage: to };
}
