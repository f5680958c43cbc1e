//! Composition for the paper runner and its operator commands: builds the trade store, the candle
//! store feed, the pino logger and the system clock, and hands them to the app services.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { createPinoLogger } from '../../adapters/logging/pinoLogger.ts';
import { startAlerting, type Alerting } from './alertJobs.ts';
import { openTradeStore, TradeStoreNotFoundError } from '../../adapters/storage/openTradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { refuseResearchRisk } from '../services/refuseResearchRisk.ts';
import { accountsFromEnv } from '../services/accountsFromEnv.ts';
import { noRecordYet } from '../services/accountMetricsFromStore.ts';
import { logCapitalProfiles, withCapitalProfiles } from '../services/capitalProfilesInForce.ts';
import { profileAssignmentsInStore } from '../services/profileReviewService.ts';
import { checkConsistency, type ConsistencyReport } from '../services/consistencyCheck.ts';
import { recordOperatorCommandForConfig, type OperatorCommandKind } from '../services/operatorCommands.ts';
import { runPaper, type EvaluationSummary } from '../services/paperRunner.ts';
import { statusReport, type AccountStatus } from '../services/statusReport.ts';
import { CandleStoreMarketFeed } from './candleStoreMarketFeed.ts';
import { lockOwnerOfThisProcess, lockOwnerProcessGone } from './lockOwnerProcess.ts';

export interface StoreOptions {
  readonly configPath: string;
  readonly stateDir?: string;
  readonly databaseUrl?: string;
  /** The process environment (RAMPART_DATABASE_URL, RAMPART_ACCOUNT_*); injected for tests. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Operator commands act on a runner's store: a location holding none is refused unless `init` is set. */
export interface OperatorStoreOptions extends StoreOptions {
  /** `--init`: create an empty store where none is (otherwise a mistyped location is refused). */
  readonly init?: boolean;
}

const systemClock: Clock = { nowMs: () => Date.now() };

export async function openStore(options: StoreOptions, existingOnly = false): Promise<{ loaded: LoadedConfig; store: TradeStore }> {
  const loaded = loadConfig(options.configPath);
  const env = options.env ?? process.env;
  const url = options.databaseUrl ?? env.RAMPART_DATABASE_URL;
  try {
    const store = await openTradeStore({ url, stateDir: resolve(options.stateDir ?? 'state'), existingOnly });
    return { loaded, store };
  } catch (error) {
    if (!(error instanceof TradeStoreNotFoundError)) throw error;
    const where = url !== undefined && url !== '' ? (options.databaseUrl !== undefined ? '--database-url' : 'RAMPART_DATABASE_URL') : '--state-dir';
    throw new InputError(`${error.message}. Point ${where} at the runner's store, or pass --init to create an empty one there`, { keyPath: where, value: error.location }, { cause: error });
  }
}

/** The refusal of an operator command that found no record of any account it was asked about: nothing decided, nothing written. */
export function noRecordError(options: StoreOptions, accounts: readonly string[], what: string): InputError {
  const url = options.databaseUrl ?? (options.env ?? process.env).RAMPART_DATABASE_URL;
  const where = url !== undefined && url !== '' ? (options.databaseUrl !== undefined ? '--database-url' : 'RAMPART_DATABASE_URL') : '--state-dir';
  const location = where === '--state-dir' ? resolve(options.stateDir ?? 'state') : 'the PostgreSQL store';
  return new InputError(`${noRecordYet(accounts)} at ${location}: ${what}. Run the paper or live runner first, or point ${where} at its store`, { keyPath: where, value: location });
}

export interface PaperJobOptions extends StoreOptions {
  readonly once?: boolean;
  readonly pollSeconds?: number;
  /** ISO time of a new session's first bar. */
  readonly start?: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

/** `rampart run --paper`: the paper runner on the system clock over the candle store. */
export async function runPaperJob(options: PaperJobOptions): Promise<EvaluationSummary[]> {
  refuseResearchRisk(loadConfig(options.configPath), 'paper');
  const { loaded, store } = await openStore(options);
  let alerting: Alerting | undefined;
  let failure: Error | undefined;
  try {
    // Every alert_* line (a trading-state change, say) also goes to the config's alert channels.
    alerting = startAlerting(loaded, options.env ?? process.env, options.logger ?? createPinoLogger());
    const { logger } = alerting;
    const { accounts, keysIgnoredFor } = accountsFromEnv(options.env ?? process.env, 'paper');
    if (keysIgnoredFor.length > 0) logger.warn('api_keys_ignored', { accounts: keysIgnoredFor.join(','), mode: 'paper', reason: 'paper mode never holds exchange keys' });
    const inForce = withCapitalProfiles(loaded, accounts, await profileAssignmentsInStore(store));
    logCapitalProfiles(logger, inForce.profiles);
    for (const sleeve of loaded.config.sleeves) {
      if (accounts.size > 0 && !accounts.has(sleeve.account) && sleeve.account !== 'default') {
        throw new InputError(`sleeve ${sleeve.name} names account "${sleeve.account}", which no RAMPART_ACCOUNT_${sleeve.account.toUpperCase()}_* variable defines`, {
          file: loaded.path,
          keyPath: 'sleeves[].account',
          value: sleeve.account,
        });
      }
    }
    const startMs = options.start === undefined ? undefined : Date.parse(options.start);
    if (startMs !== undefined && !Number.isFinite(startMs)) throw new InputError(`--start must be an ISO-8601 time, was "${options.start}"`, { keyPath: '--start', value: options.start });
    const pollMs = Math.max(1, options.pollSeconds ?? 30) * 1000;
    const feed = new CandleStoreMarketFeed(new ArrowCandleStore(resolve(loaded.config.data.store)));
    logger.info('alert_runner_started', { mode: 'paper', accounts: [...new Set(loaded.config.sleeves.map((sleeve) => sleeve.account))].join(',') });
    return await runPaper(
      {
        loaded: inForce.loaded,
        store,
        feed,
        clock: systemClock,
        logger,
        // Bars land in the store after their close: wake at the close, then poll until the next bar shows.
        sleepUntil: (timeMs) => sleep(Math.max(0, timeMs - Date.now()) + pollMs, options.signal),
        owner: lockOwnerOfThisProcess(),
        lockHolderGone: (owner) => lockOwnerProcessGone(owner),
        ...(startMs !== undefined ? { startMs } : {}),
        lockTtlMs: Math.max(180_000, 3 * pollMs),
      },
      { once: options.once, signal: options.signal },
    );
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    if (alerting !== undefined) {
      if (failure === undefined) alerting.logger.warn('alert_runner_stopped', { mode: 'paper', reason: options.once === true ? 'one evaluation done (--once)' : 'stopped by the operator' });
      else alerting.logger.error('alert_runner_stopped', { mode: 'paper', reason: failure.message });
    }
    await store.close();
    await alerting?.close(5_000);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/** `rampart status`. */
export async function statusJob(options: OperatorStoreOptions): Promise<AccountStatus[]> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    const { accounts } = accountsFromEnv(options.env ?? process.env, 'paper');
    return await statusReport(withCapitalProfiles(loaded, accounts, await profileAssignmentsInStore(store)).loaded, store, systemClock.nowMs());
  } finally {
    await store.close();
  }
}

/** `rampart kill|reset|flatten`: accounts default to every account the config trades. */
export async function operatorCommandJob(options: OperatorStoreOptions & { kind: OperatorCommandKind; reason: string; account?: string; symbol?: string; flatten?: boolean }): Promise<string[]> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    return await recordOperatorCommandForConfig(loaded, store, { kind: options.kind, reason: options.reason, account: options.account, symbol: options.symbol, flatten: options.flatten === true, actor: `operator@${hostname()}`, nowMs: systemClock.nowMs() });
  } finally {
    await store.close();
  }
}

/** `rampart consistency`. */
export async function consistencyJob(options: StoreOptions & { from: string; to: string; pnlTolerance?: number }): Promise<ConsistencyReport> {
  const fromMs = Date.parse(options.from);
  const toMs = Date.parse(options.to);
  if (!Number.isFinite(fromMs)) throw new InputError(`--from must be an ISO-8601 time, was "${options.from}"`, { keyPath: '--from', value: options.from });
  if (!Number.isFinite(toMs) || toMs < fromMs) throw new InputError(`--to must be an ISO-8601 time not before --from, was "${options.to}"`, { keyPath: '--to', value: options.to });
  const { loaded, store } = await openStore(options);
  try {
    const feed = new CandleStoreMarketFeed(new ArrowCandleStore(resolve(loaded.config.data.store)));
    return await checkConsistency({ loaded, store, feed, fromMs, toMs, nowMs: systemClock.nowMs(), pnlTolerance: options.pnlTolerance ?? 1e-6 });
  } finally {
    await store.close();
  }
}
