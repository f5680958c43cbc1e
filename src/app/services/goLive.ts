import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { InputError } from '../../domain/errors/inputError.ts';
import { goLivePermission, type EntryPermission } from '../../ops/launchGuard/index.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadGoLive, type LoadedGoLive } from '../config/loadGoLive.ts';
import { runLaunchGuard, type LaunchGuardInput, type LaunchGuardReport } from './launchGuard.ts';

export interface GoLiveStatus {
  readonly account: string;
  readonly goLiveFile: string;
  readonly activationEnabled: boolean;
  readonly flagPath: string;
  readonly flagPresent: boolean;
  readonly lastSwitch: { readonly kind: string; readonly atMs: number; readonly actor: string; readonly reason: string; readonly stage: number | null; readonly configSha256: string | null } | undefined;
  readonly permission: EntryPermission;
}

async function lastSwitchOf(store: TradeStore, account: string) {
  const switches = (await store.listGoLive({ account })).filter((record) => record.kind === 'ACTIVATED' || record.kind === 'DEACTIVATED');
  return switches[switches.length - 1];
}

/** `go-live status`: the file, the flag, the store's last switch, and whether entries may go out now. */
export async function goLiveStatus(store: TradeStore, goLive: LoadedGoLive, account: string): Promise<GoLiveStatus> {
  const last = await lastSwitchOf(store, account);
  const flagPresent = existsSync(goLive.flagPath);
  const lastSwitch = last === undefined ? undefined : { kind: last.kind, atMs: last.atMs, actor: last.actor, reason: last.reason, stage: typeof last.detail.stage === 'number' ? last.detail.stage : null, configSha256: typeof last.detail.configSha256 === 'string' ? last.detail.configSha256 : null };
  const permission = goLivePermission({ activationEnabled: goLive.settings.activationEnabled, flagPath: goLive.flagPath, flagPresent, lastSwitch: last === undefined ? undefined : { kind: last.kind as 'ACTIVATED' | 'DEACTIVATED', atMs: last.atMs, actor: last.actor } });
  return { account, goLiveFile: goLive.path, activationEnabled: goLive.settings.activationEnabled, flagPath: goLive.flagPath, flagPresent, lastSwitch, permission };
}

/**
 * `go-live activate` (operator manual §2): refused unless the go-live file enables activation, and
 * unless the launch guard (preflight's HARD checks, risk state OK, testnet trades, the ladder's entry
 * conditions) says ALLOW_LAUNCH. Then the activation (who, when, config hash, stage) is stored and the
 * flag file written. A refusal writes no activation (the guard's decision is stored as always).
 */
export async function activateGoLive(input: LaunchGuardInput & { goLive: LoadedGoLive; reason: string; actor: string }): Promise<{ activated: boolean; guard: LaunchGuardReport | undefined; refusal: string | undefined }> {
  const reason = input.reason.trim();
  if (reason === '') throw new InputError('--reason must not be empty', { keyPath: '--reason', value: input.reason });
  if (!input.goLive.settings.activationEnabled) {
    return { activated: false, guard: undefined, refusal: `activationEnabled is false in ${input.goLive.path}: set it to true deliberately, then activate` };
  }
  const guard = await runLaunchGuard({ ...input, actor: input.actor });
  if (guard.decision !== 'ALLOW_LAUNCH') return { activated: false, guard, refusal: `launch-guard says BLOCK_LAUNCH: ${guard.hard.map((finding) => `${finding.name}: ${finding.detail}`).join('; ')}` };
  await input.store.recordGoLive({ account: guard.account, atMs: input.nowMs, kind: 'ACTIVATED', actor: input.actor, reason, detail: { configSha256: input.loaded.sha256, configFile: input.loaded.path, stage: guard.stage.stage, capital: guard.stage.capital, decision: guard.decision } });
  writeFileSync(input.goLive.flagPath, `${JSON.stringify({ account: guard.account, activatedAt: new Date(input.nowMs).toISOString(), by: input.actor, configSha256: input.loaded.sha256, stage: guard.stage.stage })}\n`);
  return { activated: true, guard, refusal: undefined };
}

/** `go-live deactivate` (operator manual §3): stored, and the flag removed; runners stop opening risk at their next decision. */
export async function deactivateGoLive(store: TradeStore, goLive: LoadedGoLive, account: string, reason: string, actor: string, nowMs: number): Promise<void> {
  if (reason.trim() === '') throw new InputError('--reason must not be empty', { keyPath: '--reason', value: reason });
  await store.recordGoLive({ account, atMs: nowMs, kind: 'DEACTIVATED', actor, reason: reason.trim(), detail: { flagRemoved: existsSync(goLive.flagPath) } });
  rmSync(goLive.flagPath, { force: true });
}

/**
 * The runner's entry permission (its `entryPermission` dependency): at each decision the go-live file is
 * read again, the flag file looked for and the store's last switch read, so a deactivation, an edited
 * file or a deleted flag takes effect at the next decision without a restart. Fails closed.
 */
export function goLiveEntryPermission(store: TradeStore, goLivePath: string, account: string): (nowMs: number) => Promise<EntryPermission> {
  return async () => {
    let goLive: LoadedGoLive;
    try {
      goLive = loadGoLive(goLivePath);
    } catch (error) {
      return goLivePermission({ activationEnabled: undefined, fileError: error instanceof Error ? error.message : String(error), flagPath: '', flagPresent: false, lastSwitch: undefined });
    }
    return (await goLiveStatus(store, goLive, account)).permission;
  };
}
