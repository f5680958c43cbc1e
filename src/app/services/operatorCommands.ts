import type { TradeStore } from '../../ports/tradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { requestFlatten } from '../../engine/live/flattenRequests.ts';
import { PaperIncident } from './paperSessionRecords.ts';

export type OperatorCommandKind = 'kill' | 'reset' | 'flatten';

/**
 * Records an operator's kill, reset or flatten in the store, effective from `nowMs`: the store is
 * the truth, so HALTED survives restarts and every later evaluation replays the command at its time.
 * A kill or reset also records the trading-state transition; a flatten an incident. `kill` with
 * `flatten` is both: HALTED and a request to close every position (the live runner acts on it within
 * one command check, paper at the next bar).
 */
export async function recordOperatorCommand(
  store: TradeStore,
  input: { kind: OperatorCommandKind; accounts: readonly string[]; symbol?: string; reason: string; actor: string; nowMs: number; flatten?: boolean },
): Promise<void> {
  const reason = input.reason.trim();
  if (reason === '' && input.kind !== 'flatten') throw new InputError(`--reason must not be empty for ${input.kind}`, { keyPath: '--reason', value: input.reason });
  for (const account of input.accounts) {
    await store.recordIncident({
      atMs: input.nowMs,
      kind: PaperIncident.MANUAL_COMMAND,
      severity: input.kind === 'reset' ? 'INFO' : 'WARNING',
      detail: { command: input.kind, account, reason: reason || 'manual flatten', actor: input.actor, ...(input.symbol ? { symbol: input.symbol } : {}) },
    });
    if (input.kind === 'flatten') continue;
    await store.recordTradingState({ account, atMs: input.nowMs, state: input.kind === 'kill' ? 'HALTED' : 'ACTIVE', reason, actor: input.actor });
    if (input.kind === 'kill' && input.flatten === true) await requestFlatten(store, { atMs: input.nowMs, account, symbol: undefined, reason, actor: input.actor });
  }
}
