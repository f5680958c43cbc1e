//! Composition for the go-live gate's commands (preflight, launch-guard, go-live, stage): the config,
//! rules and go-live files validated first (bad input writes nothing), then the trade store(s), the
//! candle store and the system clock, handed to the app services.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { openTradeStore, TradeStoreNotFoundError } from '../../adapters/storage/openTradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { DEFAULT_GO_LIVE_FILE, loadGoLive, type LoadedGoLive } from '../config/loadGoLive.ts';
import { loadScaleRules, type LoadedScaleRules } from '../config/loadScaleRules.ts';
import { checkConsistency } from '../services/consistencyCheck.ts';
import { activateGoLive, deactivateGoLive, goLiveStatus, type GoLiveStatus } from '../services/goLive.ts';
import { operatorName, runLaunchGuard, type LaunchGuardReport } from '../services/launchGuard.ts';
import { recordOperatorCommand } from '../services/operatorCommands.ts';
import { runPreflight, type PreflightReport } from '../services/preflight.ts';
import { recordRestartSignOff, validateSignOff } from '../services/restartSignOff.ts';
import { moveStage, stageStatus } from '../services/stage.ts';
import { CandleStoreMarketFeed } from './candleStoreMarketFeed.ts';

export interface GateOptions {
  readonly configPath: string;
  /** The go-live rules file (`--rules`). */
  readonly rulesPath?: string;
  /** The go-live file (`--go-live`); default config/go-live.yaml when it exists. */
  readonly goLivePath?: string;
  readonly stateDir?: string;
  readonly databaseUrl?: string;
  /** The testnet runner's store, where testnet fills are counted. */
  readonly testnetStateDir?: string;
  readonly testnetDatabaseUrl?: string;
  /** The paper runner's store, where the paper stage's record is read (default: the account's store). */
  readonly paperStateDir?: string;
  readonly paperDatabaseUrl?: string;
  readonly account?: string;
  readonly baseUrl?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly nowMs?: number;
}

export interface GateFiles {
  readonly loaded: LoadedConfig;
  readonly rules: LoadedScaleRules | undefined;
  readonly goLive: LoadedGoLive | undefined;
}

/** Validates every input file before anything is opened: a bad file exits 2 with nothing written. */
export function loadGateFiles(options: Pick<GateOptions, 'configPath' | 'rulesPath' | 'goLivePath'>): GateFiles {
  const loaded = loadConfig(options.configPath);
  const rules = options.rulesPath === undefined ? undefined : loadScaleRules(options.rulesPath);
  const goLivePath = options.goLivePath ?? (existsSync(resolve(DEFAULT_GO_LIVE_FILE)) ? DEFAULT_GO_LIVE_FILE : undefined);
  const goLive = goLivePath === undefined ? undefined : loadGoLive(goLivePath);
  return { loaded, rules, goLive };
}

/** Opens an existing store: a location holding none is refused (a mistyped --state-dir must not pass as an empty record). */
export async function openExistingStore(url: string | undefined, stateDir: string, flag: string): Promise<TradeStore> {
  try {
    return await openTradeStore({ url, stateDir: resolve(stateDir), existingOnly: true });
  } catch (error) {
    if (!(error instanceof TradeStoreNotFoundError)) throw error;
    throw new InputError(`${error.message}. Point ${flag} at the runner's store`, { keyPath: flag, value: error.location }, { cause: error });
  }
}

/** Runs `body` with the account's store (and the testnet store when named), closing them after. */
export async function withGateStores<T>(options: GateOptions, body: (stores: { store: TradeStore; testnetStore: TradeStore | undefined; paperStore: TradeStore | undefined }) => Promise<T>): Promise<T> {
  const env = options.env ?? process.env;
  const url = options.databaseUrl ?? env.RAMPART_DATABASE_URL;
  const store = await openExistingStore(url, options.stateDir ?? 'state', url !== undefined && url !== '' ? '--database-url' : '--state-dir');
  let testnetStore: TradeStore | undefined;
  let paperStore: TradeStore | undefined;
  try {
    if (options.paperStateDir !== undefined || options.paperDatabaseUrl !== undefined) {
      paperStore = await openExistingStore(options.paperDatabaseUrl, options.paperStateDir ?? 'state', options.paperDatabaseUrl !== undefined ? '--paper-database-url' : '--paper-state-dir');
    }
    if (options.testnetStateDir !== undefined || options.testnetDatabaseUrl !== undefined) {
      testnetStore = await openExistingStore(options.testnetDatabaseUrl, options.testnetStateDir ?? 'state', options.testnetDatabaseUrl !== undefined ? '--testnet-database-url' : '--testnet-state-dir');
    }
    return await body({ store, testnetStore, paperStore });
  } finally {
    await paperStore?.close();
    await testnetStore?.close();
    await store.close();
  }
}

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

/** The account a command acts on: the only one the sleeves trade, else --account is needed. */
function accountOf(files: GateFiles): string {
  const accounts = [...new Set(files.loaded.config.sleeves.map((sleeve) => sleeve.account))];
  if (accounts.length > 1) throw new InputError(`${files.loaded.path}: sleeves use several accounts (${accounts.join(', ')}); choose one with --account`, { file: files.loaded.path, keyPath: '--account' });
  return accounts[0];
}

/** Paper against a fresh backtest replay of the paper session; no paper session: not measured. */
function consistencyOf(loaded: LoadedConfig, store: TradeStore, candles: ArrowCandleStore, nowMs: number): (fromMs: number, toMs: number) => Promise<number | undefined> {
  return async (fromMs, toMs) => {
    try {
      return (await checkConsistency({ loaded, store, feed: new CandleStoreMarketFeed(candles), fromMs, toMs, nowMs, pnlTolerance: 1e-6 })).signalAgreementPct;
    } catch {
      return undefined;
    }
  };
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
