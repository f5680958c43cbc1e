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
import { runLaunchGuard, type LaunchGuardReport } from '../services/launchGuard.ts';
import { runPreflight, type PreflightReport } from '../services/preflight.ts';
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
export async function withGateStores<T>(options: GateOptions, body: (stores: { store: TradeStore; testnetStore: TradeStore | undefined }) => Promise<T>): Promise<T> {
  const env = options.env ?? process.env;
  const url = options.databaseUrl ?? env.RAMPART_DATABASE_URL;
  const store = await openExistingStore(url, options.stateDir ?? 'state', url !== undefined && url !== '' ? '--database-url' : '--state-dir');
  let testnetStore: TradeStore | undefined;
  try {
    if (options.testnetStateDir !== undefined || options.testnetDatabaseUrl !== undefined) {
      testnetStore = await openExistingStore(options.testnetDatabaseUrl, options.testnetStateDir ?? 'state', options.testnetDatabaseUrl !== undefined ? '--testnet-database-url' : '--testnet-state-dir');
    }
    return await body({ store, testnetStore });
  } finally {
    await testnetStore?.close();
    await store.close();
  }
}

/** `rampart preflight`. */
export async function preflightJob(options: GateOptions): Promise<PreflightReport> {
  const files = loadGateFiles(options);
  return withGateStores(options, ({ store, testnetStore }) =>
    runPreflight({
      ...files,
      store,
      testnetStore,
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
  return withGateStores(options, ({ store, testnetStore }) =>
    runLaunchGuard({
      ...files,
      rules,
      store,
      testnetStore,
      candles,
      ...(options.account !== undefined ? { account: options.account } : {}),
      env: options.env ?? process.env,
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      nowMs,
      // Paper against a fresh backtest replay of the paper session (`rampart consistency`); no paper session: not measured.
      signalConsistencyPct: async (fromMs, toMs) => {
        try {
          const report = await checkConsistency({ loaded: files.loaded, store, feed: new CandleStoreMarketFeed(candles), fromMs, toMs, nowMs, pnlTolerance: 1e-6 });
          return report.signalAgreementPct;
        } catch {
          return undefined;
        }
      },
    }),
  );
}
