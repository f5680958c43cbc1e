//! What every go-live gate command opens: the config, rules and go-live files validated first (bad
//! input writes nothing), then the account's store and, when named, the testnet and paper stores.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { openTradeStore, TradeStoreNotFoundError } from '../../adapters/storage/openTradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { DEFAULT_GO_LIVE_FILE, loadGoLive, type LoadedGoLive } from '../config/loadGoLive.ts';
import { loadScaleRules, type LoadedScaleRules } from '../config/loadScaleRules.ts';
import { checkConsistency } from '../services/consistencyCheck.ts';
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

/** The account a command acts on: the only one the sleeves trade, else --account is needed. */
export function accountOf(files: GateFiles): string {
  const accounts = [...new Set(files.loaded.config.sleeves.map((sleeve) => sleeve.account))];
  if (accounts.length > 1) throw new InputError(`${files.loaded.path}: sleeves use several accounts (${accounts.join(', ')}); choose one with --account`, { file: files.loaded.path, keyPath: '--account' });
  return accounts[0];
}

/** Paper against a fresh backtest replay of the paper session; no paper session: not measured. */
export function consistencyOf(loaded: LoadedConfig, store: TradeStore, candles: ArrowCandleStore, nowMs: number): (fromMs: number, toMs: number) => Promise<number | undefined> {
  return async (fromMs, toMs) => {
    try {
      return (await checkConsistency({ loaded, store, feed: new CandleStoreMarketFeed(candles), fromMs, toMs, nowMs, pnlTolerance: 1e-6 })).signalAgreementPct;
    } catch {
      return undefined;
    }
  };
}
