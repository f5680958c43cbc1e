//! Composition for the go-live gate's commands (preflight, launch-guard, go-live, stage, reset with
//! sign-off): the files and stores of gateFiles.ts, the candle store and the system clock, handed to
//! the app services.
import { resolve } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { DEFAULT_GO_LIVE_FILE } from '../config/loadGoLive.ts';
import type { LoadedScaleRules } from '../config/loadScaleRules.ts';
import { activateGoLive, deactivateGoLive, goLiveStatus, type GoLiveStatus } from '../services/goLive.ts';
import { operatorName, runLaunchGuard, type LaunchGuardReport } from '../services/launchGuard.ts';
import { recordOperatorCommand } from '../services/operatorCommands.ts';
import { runPreflight, type PreflightReport } from '../services/preflight.ts';
import { recordRestartSignOff, validateSignOff } from '../services/restartSignOff.ts';
import { moveStage, stageStatus } from '../services/stage.ts';
import { accountOf, consistencyOf, loadGateFiles, withGateStores, type GateOptions } from './gateFiles.ts';

export type { GateOptions } from './gateFiles.ts';

/** `rampart preflight`. */
export async function preflightJob(options: GateOptions): Promise<PreflightReport> {
  const files = loadGateFiles(options);
  return withGateStores(options, ({ store, testnetStore, paperStore }) =>
    runPreflight({
      ...files,
      store,
      testnetStore,
      ...(paperStore !== undefined ? { paperStore } : {}),
      candles: new ArrowCandleStore(resolve(files.loaded.config.data.store)),
      ...(options.account !== undefined ? { account: options.account } : {}),
      env: options.env ?? process.env,
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      nowMs: options.nowMs ?? Date.now(),
    }),
  );
}

/** `rampart launch-guard`: the decision is stored in the account's store. */
export async function launchGuardJob(options: GateOptions & { rulesPath: string }): Promise<LaunchGuardReport> {
  const files = loadGateFiles(options);
  const rules = files.rules as LoadedScaleRules;
  const candles = new ArrowCandleStore(resolve(files.loaded.config.data.store));
  const nowMs = options.nowMs ?? Date.now();
  return withGateStores(options, ({ store, testnetStore, paperStore }) =>
    runLaunchGuard({
      ...files,
      rules,
      store,
      testnetStore,
      ...(paperStore !== undefined ? { paperStore } : {}),
      candles,
      ...(options.account !== undefined ? { account: options.account } : {}),
      env: options.env ?? process.env,
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      nowMs,
      signalConsistencyPct: consistencyOf(files.loaded, paperStore ?? store, candles, nowMs),
    }),
  );
}

/** `rampart go-live status|activate|deactivate`. */
export async function goLiveJob(options: GateOptions & { action: 'status' | 'activate' | 'deactivate'; reason?: string; actor?: string }): Promise<{ status: GoLiveStatus; activation?: Awaited<ReturnType<typeof activateGoLive>> }> {
  const files = loadGateFiles(options);
  if (files.goLive === undefined) throw new InputError(`no go-live file: pass --go-live FILE (the project ships ${DEFAULT_GO_LIVE_FILE})`, { keyPath: '--go-live' });
  const goLive = files.goLive;
  if (options.action !== 'status' && (options.reason === undefined || options.reason.trim() === '')) throw new InputError(`go-live ${options.action} needs --reason TEXT (recorded with the switch)`, { keyPath: '--reason' });
  if (options.action === 'activate' && files.rules === undefined) throw new InputError('go-live activate needs --rules FILE: the launch guard judges the ladder it holds', { keyPath: '--rules' });
  const nowMs = options.nowMs ?? Date.now();
  const actor = options.actor ?? operatorName();
  const candles = new ArrowCandleStore(resolve(files.loaded.config.data.store));
  return withGateStores(options, async ({ store, testnetStore, paperStore }) => {
    const account = options.account ?? accountOf(files);
    if (options.action === 'deactivate') await deactivateGoLive(store, goLive, account, options.reason ?? '', actor, nowMs);
    let activation: Awaited<ReturnType<typeof activateGoLive>> | undefined;
    if (options.action === 'activate') {
      activation = await activateGoLive({
        ...files,
        rules: files.rules as LoadedScaleRules,
        goLive,
        store,
        testnetStore,
        ...(paperStore !== undefined ? { paperStore } : {}),
        candles,
        account,
        env: options.env ?? process.env,
        ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
        nowMs,
        reason: options.reason ?? '',
        actor,
        signalConsistencyPct: consistencyOf(files.loaded, paperStore ?? store, candles, nowMs),
      });
    }
    return { status: await goLiveStatus(store, goLive, account), ...(activation ? { activation } : {}) };
  });
}

/** `rampart stage status|advance|abort`. */
export async function stageJob(options: GateOptions & { rulesPath: string; action: 'status' | 'advance' | 'abort'; override?: boolean; reason?: string; actor?: string }) {
  const files = loadGateFiles(options);
  const rules = (files.rules as LoadedScaleRules).rules;
  if (options.override === true && (options.reason === undefined || options.reason.trim() === '')) throw new InputError('--override needs --reason TEXT (recorded with the move)', { keyPath: '--reason' });
  const nowMs = options.nowMs ?? Date.now();
  const candles = new ArrowCandleStore(resolve(files.loaded.config.data.store));
  return withGateStores(options, async ({ store, paperStore }) => {
    const account = options.account ?? accountOf(files);
    const input = { store, ...(paperStore !== undefined ? { paperStore } : {}), loaded: files.loaded, rules, account, nowMs, signalConsistencyPct: consistencyOf(files.loaded, paperStore ?? store, candles, nowMs) };
    if (options.action === 'status') return { moved: undefined, status: await stageStatus(input), refusal: undefined };
    return moveStage({ ...input, action: options.action, override: options.override === true, reason: options.reason, actor: options.actor ?? operatorName() });
  });
}

/** `rampart reset --rules …`: the sign-off is validated before anything is written, then recorded with the reset. */
export async function resetWithSignOffJob(options: GateOptions & { rulesPath: string; reason: string; postMortem?: string; approvedBy: readonly string[] }): Promise<Array<{ account: string; fromStage: number; toStage: number }>> {
  const files = loadGateFiles(options);
  const rules = files.rules as LoadedScaleRules;
  if (options.reason.trim() === '') throw new InputError('--reason must not be empty for reset', { keyPath: '--reason', value: options.reason });
  const signOff = { postMortem: options.postMortem, approvedBy: options.approvedBy };
  validateSignOff(rules.rules, rules.path, signOff);
  const traded = [...new Set(files.loaded.config.sleeves.map((sleeve) => sleeve.account))].sort();
  if (options.account !== undefined && !traded.includes(options.account)) throw new InputError(`--account must be one the config trades (${traded.join(', ')}), was "${options.account}"`, { file: files.loaded.path, keyPath: '--account', value: options.account });
  const accounts = options.account !== undefined ? [options.account] : traded;
  const nowMs = options.nowMs ?? Date.now();
  return withGateStores(options, async ({ store }) => {
    const moves = [];
    for (const account of accounts) moves.push({ account, ...(await recordRestartSignOff(store, rules.rules, account, nowMs, signOff, options.reason.trim())) });
    await recordOperatorCommand(store, { kind: 'reset', accounts, reason: options.reason, actor: signOff.approvedBy.join(' + ') || operatorName(), nowMs });
    return moves;
  });
}
