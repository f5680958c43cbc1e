import type { TradeStore } from '../../ports/tradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { requestFlatten } from '../../engine/live/flattenRequests.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
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

/**
 * An operator command on the accounts of a config (`rampart kill|reset|flatten`, the admin API): the
 * account, when named, must be one the config trades; absent, every traded account. Returns the accounts.
 */
export async function recordOperatorCommandForConfig(
  loaded: LoadedConfig,
  store: TradeStore,
  input: { kind: OperatorCommandKind; reason: string; account?: string; symbol?: string; flatten?: boolean; actor: string; nowMs: number },
): Promise<string[]> {
  const traded = [...new Set(loaded.config.sleeves.map((sleeve) => sleeve.account))].sort();
  if (input.account !== undefined && !traded.includes(input.account)) {
    throw new InputError(`--account must be one the config trades (${traded.join(', ')}), was "${input.account}"`, { file: loaded.path, keyPath: '--account', value: input.account });
  }
  const accounts = input.account !== undefined ? [input.account] : traded;
  await recordOperatorCommand(store, { kind: input.kind, accounts, symbol: input.symbol, reason: input.reason, actor: input.actor, nowMs: input.nowMs, flatten: input.flatten === true });
  return accounts;
}
