//! Composition for live trading: accounts and keys from the environment (live mode), the trade store,
//! one ccxt gateway per account, the pino logger and the system clock, handed to the live runner.
import { resolve } from 'node:path';
import { CcxtExchangeGateway, DEFAULT_MAX_CLOCK_OFFSET_MS } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createPinoLogger } from '../../adapters/logging/pinoLogger.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { LiveAccountRunner } from '../../engine/live/liveAccountRunner.ts';
import { RunnerStore } from '../../engine/live/runnerStore.ts';
import type { PlannedOrder } from '../../engine/live/liveTypes.ts';
import { reportsForEverySleeve, type SleeveBarReport } from '../../engine/live/sleeveBarReport.ts';
import type { Logger } from '../../ports/logger.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { refuseResearchRisk } from '../services/refuseResearchRisk.ts';
import { DEFAULT_GO_LIVE_FILE } from '../config/loadGoLive.ts';
import { loadScaleRules } from '../config/loadScaleRules.ts';
import { accountsFromEnv } from '../services/accountsFromEnv.ts';
import { logCapitalProfiles, withCapitalProfiles } from '../services/capitalProfilesInForce.ts';
import { profileAssignmentsInStore } from '../services/profileReviewService.ts';
import { enforceLaunchChecks, VenueUnreachableAtStartError } from '../services/enforceLaunchChecks.ts';
import { createLiveRunner, liveSectionOf, LiveStartRefusedError } from '../services/liveRunner.ts';
import { enforceFrozenConfig, liveGateDeps } from '../services/liveGate.ts';
import type { VenueSource } from '../services/incidentService.ts';
import { degraded } from './degradedStep.ts';
import { dryRunGateway, dryRunStore } from './dryRunVenue.ts';
import { gatewayIncidentSink, restoreIpBan } from './gatewayIncidentSink.ts';
import { lockOwnerOfThisProcess, lockOwnerProcessGone } from './lockOwnerProcess.ts';
import { guardStreamErrors } from './streamErrorGuard.ts';
import { controlSurfaceOf, type HttpStarter } from './httpJobs.ts';
import { IncidentOpener } from './incidentOpener.ts';
import { startAlerting } from './alertJobs.ts';
import { RoutedAccounts } from './routedAccounts.ts';

export interface LiveJobOptions {
  readonly configPath: string;
  readonly stateDir?: string;
  readonly databaseUrl?: string;
  readonly dryRun: boolean;
  readonly once: boolean;
  /** The venue's sandbox; also chosen per account by RAMPART_ACCOUNT_<NAME>_TESTNET=1. */
  readonly testnet: boolean;
  /** Local venue origin (rehearsals): REST, and websockets unless `wsUrl` is given. */
  readonly baseUrl?: string;
  /** Websocket origin (ws://host:port); default: derived from `baseUrl` when given, else the venue's. */
  readonly wsUrl?: string;
  /** Testnet only: a key without an IP restriction only warns at the go-live checks. */
  readonly allowUnrestrictedKey?: boolean;
  /** The config file's approved SHA-256 (hex): a file that differs refuses the start (cases 36, 42). */
  readonly approvedConfigSha256?: string;
  readonly pollSeconds: number;
  /** Websocket streams: klines (stale feed → no entries) and user data (fills) with REST back-fill. */
  readonly ws?: boolean;
  /**
   * The go-live file whose activation gates entries (`--go-live`): absent, the production venue uses
   * config/go-live.yaml; the testnet, a dry run and a local venue without it are not gated.
   */
  readonly goLivePath?: string;
  /** The go-live rules file (`--rules`): its pin refuses another config, its ladder caps sizing. */
  readonly rulesPath?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /** `--http`, `--telegram-commands`: servers in this process over the runners and their store (health reflects the runners). */
  readonly http?: HttpStarter;
  /** Where incidents the runner opens go (`<reportsDir>/incidents/<id>/`); default `reports`. */
  readonly reportsDir?: string;
  /** `--account-base-url NAME=URL`: a local venue per account (failover rehearsals with two venues); else `baseUrl`. */
  readonly accountBaseUrls?: Readonly<Record<string, string>>;
}

/** How long a runner step in progress may still take once the operator stopped the job. */
const STOP_GRACE_MS = 15_000;

/** How long one shutdown step (closing an account's streams, a gateway) may take. */
const SHUTDOWN_STEP_MS = 5_000;

/** Longest pause, between bars, before the streams are checked for staleness (commands: `live.commandCheckMs`). */
const STREAM_CHECK_MS = 5_000;

export interface LiveJobResult {
  /** Orders sent (a dry run: recorded, not sent), in order. */
  readonly orders: PlannedOrder[];
  /** The last bar of each account, one row per sleeve: decision, venue position, orders or why none. */
  readonly sleeves: SleeveBarReport[];
}

/** `rampart run --real`: one live runner per account the config trades; returns the orders sent (or recorded) and the last bar's sleeve rows. */
export async function runLiveJob(options: LiveJobOptions): Promise<LiveJobResult> {
  const env = options.env ?? process.env;
  const file = loadConfig(options.configPath);
  refuseResearchRisk(file, 'live');
  // Every alert_* line of this process also goes to the config's alert channels (none: the log only).
  const alerting = startAlerting(file, env, options.logger ?? createPinoLogger());
  const { logger } = alerting;
  if (options.approvedConfigSha256 !== undefined && file.sha256 !== options.approvedConfigSha256) {
    throw new LiveStartRefusedError(file.path, 'LAUNCH_CHECK', `the config file differs from the approved one (sha256 ${file.sha256}, approved ${options.approvedConfigSha256}): no order was sent`);
  }
  const rules = options.rulesPath === undefined ? undefined : loadScaleRules(options.rulesPath);
  if (rules !== undefined) enforceFrozenConfig(file, rules, options.approvedConfigSha256);
  const { accounts } = accountsFromEnv(env, 'live');
  const store = await openTradeStore({ url: options.databaseUrl ?? env.RAMPART_DATABASE_URL, stateDir: resolve(options.stateDir ?? 'state') });
  // The store's profile assignments (profiles set / review --apply) come first; a bad one refuses the start.
  let inForce: ReturnType<typeof withCapitalProfiles>;
  try {
    inForce = withCapitalProfiles(file, accounts, await profileAssignmentsInStore(store));
  } catch (error) {
    await store.close();
    throw error;
  }
  const { loaded, profiles } = inForce;
  logCapitalProfiles(logger, profiles);
  const unguard = options.ws === true ? guardStreamErrors(logger) : () => undefined;
  const runners: LiveAccountRunner[] = [];
  const gatewayOfAccount = new Map<string, CcxtExchangeGateway>();
  // Started before the launch checks: /health answers at once and /ready says why trading has not begun.
  const surface =
    options.http === undefined
      ? undefined
      : controlSurfaceOf(loaded, store, env, {
          runners: () => runners.map((runner) => ({ account: runner.account, readiness: runner.readiness, lockLost: runner.lockLost, ...clockOffsetOf(gatewayOfAccount.get(runner.account)) })),
          // The file the runners gate on (the production venue's default included) is the one the admin switch turns off.
          ...(options.goLivePath !== undefined ? { goLivePath: options.goLivePath } : !options.dryRun && !options.testnet && options.baseUrl === undefined ? { goLivePath: DEFAULT_GO_LIVE_FILE } : {}),
        });
  let server: { close(): Promise<void> } | undefined;
  try {
    if (surface !== undefined && options.http !== undefined) server = await options.http(surface);
  } catch (error) {
    await store.close();
    throw error;
  }
  // Set while a bar is evaluated: a send between bars (a flatten, a re-placed stop) is no bar decision.
  let barStartedAtMs: number | undefined;
  const lockTtlMs = Math.max(180_000, 3 * options.pollSeconds * 1000);
  const gateways: CcxtExchangeGateway[] = [];
  // A halt or failed reconciliation opens an incident with its snapshot under reports/incidents (not in a dry run: it writes nothing).
  let stopFailure: Error | undefined;
  // Sleeves with fallback accounts trade through a routing gateway (config `routing`); the table is checked here too.
  let routed: RoutedAccounts;
  try {
    routed = new RoutedAccounts({ loaded, accounts, store, logger, actor: `runner@${lockOwnerOfThisProcess()}`, baseUrlOf: (name) => options.accountBaseUrls?.[name] ?? options.baseUrl, testnet: options.testnet, lookupAttempts: liveSectionOf(loaded).lookupAttempts, lookupWindowMs: liveSectionOf(loaded).lookupWindowMs });
  } catch (error) {
    await store.close();
    throw error;
  }
  const incidents = new IncidentOpener({ store, incidentsDir: resolve(options.reportsDir ?? 'reports', 'incidents'), logger, actor: `runner@${lockOwnerOfThisProcess()}`, nowMs: () => Date.now() });
  try {
    const traded = [...new Set(loaded.config.sleeves.map((sleeve) => sleeve.account))].sort();
    for (const name of traded) {
      const account = accounts.get(name);
      if (account?.credentials === undefined) {
        throw new InputError(`sleeves trade account "${name}", which RAMPART_ACCOUNT_${name.toUpperCase()}_{API_KEY,API_SECRET} (and _EXCHANGE, default binanceusdm) do not define`, { file: loaded.path, keyPath: 'sleeves[].account', value: name });
      }
      // Everything this account's runner writes, its gateway's incidents included, carries its lock's token.
      // A dry run writes nothing to the operator's store: its writes stay in memory (dryRunVenue).
      let venueOfIncident: VenueSource = { notRead: 'the gateway was not open yet' };
      const runnerStore = options.dryRun ? new RunnerStore(dryRunStore(store)) : new RunnerStore(store, incidents.listener(() => venueOfIncident));
      const testnet = (options.testnet || account.testnet) && options.baseUrl === undefined;
      // Live never silently uses the sandbox: it is chosen explicitly and said so.
      logger.warn('venue_selected', { account: name, mode: options.baseUrl !== undefined ? 'local venue' : testnet ? 'TESTNET (sandbox, not live)' : 'LIVE', reason: options.dryRun ? 'dry run: no order is sent' : 'orders are sent' });
      const gateway = await CcxtExchangeGateway.open({
        venue: account.exchange,
        apiKey: account.credentials.apiKey.reveal(),
        secret: account.credentials.apiSecret.reveal(),
        testnet,
        ...((options.accountBaseUrls?.[name] ?? options.baseUrl) !== undefined ? { baseUrl: options.accountBaseUrls?.[name] ?? options.baseUrl } : {}),
        // The config's K look-ups over T after an unknown outcome, as reconciliation uses them (case 6).
        submission: { lookupAttempts: liveSectionOf(loaded).lookupAttempts, lookupWindowMs: liveSectionOf(loaded).lookupWindowMs },
        ...(options.wsUrl !== undefined ? { wsUrl: options.wsUrl } : {}),
        // IP bans and circuit-breaker trips reach the store and the alerts (cases 27 and 33).
        onIncident: gatewayIncidentSink(runnerStore, logger, name, () => Date.now()),
      });
      gateways.push(gateway);
      gatewayOfAccount.set(name, gateway);
      venueOfIncident = { gateway };
      // A ban outlives the process that received it: a restart sends nothing until it ends (case 27),
      // the go-live checks included, which wait for its end instead of asking a venue that bans us.
      const banUntilMs = await restoreIpBan(store, gateway, logger, name, Date.now());
      if (banUntilMs !== undefined) await sleep(banUntilMs - Date.now(), options.signal);
      if (options.signal?.aborted) return { orders: [], sleeves: [] };
      // The checks `rampart check` prints, enforced: a failed hard check refuses before any order. A venue
      // that cannot be read at all (down, key refused) leaves the account NOT_READY and is asked again
      // with backoff, not an exit; `--once` refuses instead of waiting.
      for (let attempt = 1; ; attempt++) {
        try {
          await enforceLaunchChecks({
            gateway,
            config: loaded.config,
            account: name,
            venue: account.exchange,
            testnet,
            maxClockOffsetMs: DEFAULT_MAX_CLOCK_OFFSET_MS,
            allowUnrestrictedKey: options.allowUnrestrictedKey === true && testnet,
            logger,
          });
          break;
        } catch (error) {
          if (!(error instanceof VenueUnreachableAtStartError)) throw error;
          if (options.once) throw new LiveStartRefusedError(name, 'CONNECT', error.message, { cause: error });
          const retryInMs = Math.min(60_000, 1_000 * 2 ** Math.min(6, attempt - 1));
          logger.error('alert_not_ready', { account: name, reason: `${error.message}; asked again in ${retryInMs / 1000} s` });
          if (attempt === 1) await store.recordIncident({ atMs: Date.now(), kind: 'NOT_READY', severity: 'CRITICAL', detail: { account: name, reason: error.message } });
          await sleep(retryInMs, options.signal);
          if (options.signal?.aborted) return { orders: [], sleeves: [] };
        }
      }
      const runner = createLiveRunner({
        loaded,
        account: name,
        // The launch checks above read the real gateway; the runner's requests are recorded, not sent.
        gateway: options.dryRun ? dryRunGateway({ gateway, logger, account: name, nowMs: () => Date.now() }) : await routed.gatewayFor(name, gateway),
        store: runnerStore,
        clock: { nowMs: () => Date.now() },
        logger,
        owner: lockOwnerOfThisProcess(),
        lockHolderGone: (owner) => lockOwnerProcessGone(owner),
        sleep: (ms) => sleep(ms, options.signal),
        lockTtlMs,
        ...(options.ws === true ? { ws: {} } : {}),
        ...(surface !== undefined ? { hooks: { beforeSend: () => barStartedAtMs !== undefined && surface.observeDecisionLatency((performance.now() - barStartedAtMs) / 1000) } } : {}),
        ...liveGateDeps({ store: runnerStore, account: name, rules, configPath: loaded.path, goLivePath: options.dryRun || testnet || (options.baseUrl !== undefined && options.goLivePath === undefined) ? undefined : (options.goLivePath ?? DEFAULT_GO_LIVE_FILE) }),
      });
      await runner.start();
      runners.push(runner);
      logger.info('alert_runner_started', { account: name, mode: options.dryRun ? 'dry run' : 'live' });
    }
    const barMs = timeframeToMs(loaded.config.data.timeframe);
    const reconcileEveryBars = liveSectionOf(loaded).reconcileEveryBars;
    const planned: PlannedOrder[] = [];
    const lastBar = new Map<string, SleeveBarReport[]>();
    const checkMs = Math.min(STREAM_CHECK_MS, liveSectionOf(loaded).commandCheckMs);
    for (let bar = 1; ; bar++) {
      await untilStopped(routed.evaluate(), options.signal, logger);
      for (const runner of runners) {
        barStartedAtMs = performance.now();
        const outcome = await untilStopped(degraded(logger, runner, () => runner.onBarClose()), options.signal, logger);
        barStartedAtMs = undefined;
        planned.push(...(outcome?.orders ?? []));
        const sleeves = loaded.config.sleeves.filter((sleeve) => sleeve.account === runner.account);
        lastBar.set(runner.account, reportsForEverySleeve(outcome ?? { skipped: 'NOT_READY' }, sleeves));
      }
      if (options.once || options.signal?.aborted) break;
      const nextCloseMs = (Math.floor(Date.now() / barMs) + 1) * barMs;
      const wakeMs = nextCloseMs + options.pollSeconds * 1000;
      // Between bars: a silent feed must turn stale (and be resubscribed), a kill or flatten recorded in
      // the store is acted on within one check, not at the next close, and the lock's heartbeat is
      // refreshed (a bar longer than the lock's ttl must not free it).
      while (!options.signal?.aborted && Date.now() < wakeMs) {
        await sleep(Math.min(checkMs, lockTtlMs / 3, wakeMs - Date.now()), options.signal);
        if (options.signal?.aborted) break;
        await untilStopped(routed.evaluate(), options.signal, logger);
        for (const runner of runners) {
          await untilStopped(degraded(logger, runner, () => runner.keepAlive()), options.signal, logger);
          if (Date.now() >= wakeMs) continue;
          if (options.ws === true) await untilStopped(degraded(logger, runner, () => runner.checkStreams()), options.signal, logger);
          await untilStopped(degraded(logger, runner, () => runner.checkCommands()), options.signal, logger);
        }
      }
      if (options.signal?.aborted) break;
      if (bar % reconcileEveryBars === 0) for (const runner of runners) await untilStopped(degraded(logger, runner, () => runner.reconcile()), options.signal, logger);
    }
    return { orders: planned, sleeves: [...lastBar.values()].flat() };
  } catch (error) {
    stopFailure = error as Error;
    throw error;
  } finally {
    for (const runner of runners) {
      if (stopFailure === undefined) logger.warn('alert_runner_stopped', { account: runner.account, reason: options.once ? 'one bar done (--once)' : 'stopped by the operator' });
      else logger.error('alert_runner_stopped', { account: runner.account, reason: stopFailure.message });
    }
    // A stream stuck connecting (the venue unreachable) must not hold the process at shutdown.
    for (const runner of runners) await settleWithin(runner.stop(), SHUTDOWN_STEP_MS, () => logger.warn('shutdown_step_abandoned', { account: runner.account, reason: `streams did not close within ${SHUTDOWN_STEP_MS} ms` }));
    await settleWithin(incidents.settle(), SHUTDOWN_STEP_MS, () => logger.warn('shutdown_step_abandoned', { reason: `an incident snapshot did not finish within ${SHUTDOWN_STEP_MS} ms` }));
    await settleWithin(routed.close(), SHUTDOWN_STEP_MS, () => logger.warn('shutdown_step_abandoned', { reason: `a fallback gateway did not close within ${SHUTDOWN_STEP_MS} ms` }));
    for (const gateway of gateways) await settleWithin(gateway.close(), SHUTDOWN_STEP_MS, () => logger.warn('shutdown_step_abandoned', { reason: `a gateway did not close within ${SHUTDOWN_STEP_MS} ms` }));
    if (server !== undefined) await settleWithin(server.close(), SHUTDOWN_STEP_MS, () => logger.warn('shutdown_step_abandoned', { reason: `the HTTP server did not close within ${SHUTDOWN_STEP_MS} ms` }));
    await store.close();
    unguard();
    await alerting.close(SHUTDOWN_STEP_MS);
  }
}

/**
 * Waits for a runner step, or for the operator's stop (SIGTERM, Ctrl-C), whichever comes first: a step
 * stuck on the venue (a websocket that never closes) must not hold the shutdown. An abandoned step is
 * like a crash at that moment, which the store survives: every intent is stored before its send.
 */
async function untilStopped<T>(work: Promise<T>, signal: AbortSignal | undefined, logger: Logger): Promise<T | undefined> {
  if (signal === undefined) return work;
  let onAbort: (() => void) | undefined;
  // A step in progress gets STOP_GRACE_MS to finish (its records land before the store closes).
  const stopped = new Promise<'stopped'>((done) => {
    onAbort = () => void setTimeout(() => done('stopped'), STOP_GRACE_MS).unref();
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const outcome = await Promise.race([work.then((value) => ({ value })), stopped]);
  if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  if (outcome !== 'stopped') return outcome.value;
  // The step may still finish on its own; its outcome no longer matters to a stopping job.
  work.catch(() => undefined);
  logger.warn('shutdown_step_abandoned', { reason: 'a runner step was still running when the stop came' });
  return undefined;
}

/** Waits for `work` at most `ms`; past that, `onLate` is called and the wait ends (the work is left to finish alone). */
async function settleWithin(work: Promise<unknown>, ms: number, onLate: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((done) => {
    timer = setTimeout(() => done('late'), ms);
  });
  const outcome = await Promise.race([work.then(() => 'done' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') onLate();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal?.aborted === true) return done();
    // The listener goes with the sleep: the between-bar checks sleep many times per bar.
    const onAbort = (): void => {
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      done();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The account gateway's last measured venue clock offset, for the runner probe (the dashboard's health panel). */
function clockOffsetOf(gateway: CcxtExchangeGateway | undefined): { clockOffsetMs?: number } {
  const offsetMs = gateway?.lastClockSync?.offsetMs;
  return offsetMs !== undefined ? { clockOffsetMs: offsetMs } : {};
}
