//! Composition of failover for `run --real`: a runner whose sleeves have fallback accounts gets a
//! RoutingGateway over its primary's and its fallbacks' gateways (each watched by its exchange
//! health), and the process one FailoverCoordinator that stores health and routing events.
import { CcxtExchangeGateway, DEFAULT_MAX_CLOCK_OFFSET_MS } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { RetryableExchangeError } from '../../domain/errors/exchangeErrors.ts';
import { FailoverCoordinator, healthRecordingGateway, RoutingGateway, type SleeveRoute } from '../../engine/failover/index.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { routingProblems } from '../config/routingSectionSchema.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { formatKeyPath } from '../config/loadConfig.ts';
import type { AccountSettings } from '../services/accountsFromEnv.ts';
import { enforceLaunchChecks, VenueUnreachableAtStartError } from '../services/enforceLaunchChecks.ts';
import { sleeveRoutes } from '../services/exchangesStatus.ts';
import { checkRoutingVenues } from '../services/routingVenueCheck.ts';

/** How often each routed account's clock offset is measured for its health, ms. */
const CLOCK_SYNC_EVERY_MS = 60_000;

export interface RoutedAccountsInput {
  readonly loaded: LoadedConfig;
  readonly accounts: ReadonlyMap<string, AccountSettings>;
  readonly store: TradeStore;
  readonly logger: Logger;
  readonly actor: string;
  /** REST origin of an account's local venue (rehearsals), or undefined for its exchange. */
  readonly baseUrlOf: (account: string) => string | undefined;
  readonly testnet: boolean;
  readonly lookupAttempts: number;
  readonly lookupWindowMs: number;
}

/** The routed part of one process: which runners route, and what they are given. */
export class RoutedAccounts {
  private readonly gateways = new Map<string, ExchangeGateway>();
  private readonly opened: CcxtExchangeGateway[] = [];
  private readonly routingGateways = new Map<string, RoutingGateway>();
  /** Each routed account's gateway as its health watches it, and when its clock was last measured. */
  private readonly watched = new Map<string, ExchangeGateway>();
  private readonly clockSyncedAtMs = new Map<string, number>();
  private coordinator: FailoverCoordinator | undefined;
  private readonly routes: SleeveRoute[];
  /** Fallbacks that could not be read at start: their listing is checked by their gateway at the first order instead. */
  private readonly unreadAtStart = new Set<string>();

  constructor(private readonly input: RoutedAccountsInput) {
    this.routes = sleeveRoutes(input.loaded.config).filter((route) => route.fallbacks.length > 0);
    // The profiles in force (environment, store) may differ from the file's: the table is checked again against them.
    const problems = routingProblems(input.loaded.config);
    if (problems.length > 0) {
      const first = problems[0];
      throw new InputError(`${input.loaded.path}: invalid routing with the capital profiles in force:\n${problems.map((problem) => `  - ${formatKeyPath(problem.path)}: ${problem.message}`).join('\n')}`, { file: input.loaded.path, keyPath: formatKeyPath(first.path), value: first.value });
    }
  }

  /** Whether any sleeve of `account` has a fallback. */
  isRouted(account: string): boolean {
    return this.routes.some((route) => route.primary === account);
  }

  /**
   * The gateway `account`'s runner trades through: its own, or a RoutingGateway over it and its
   * sleeves' fallbacks (opened, launch-checked and checked to list every routed symbol here).
   */
  async gatewayFor(account: string, primary: ExchangeGateway): Promise<ExchangeGateway> {
    const own = this.routes.filter((route) => route.primary === account);
    if (own.length === 0) return primary;
    const names = [account, ...new Set(own.flatMap((route) => route.fallbacks))];
    this.gateways.set(account, primary);
    for (const name of names.slice(1)) if (!this.gateways.has(name)) this.gateways.set(name, await this.openFallback(name));
    const checkable = own.map((route) => [route.sleeve, { fallbacks: route.fallbacks.filter((name) => !this.unreadAtStart.has(name)) }] as const);
    checkRoutingVenues({ ...this.input.loaded.config, routing: { ...this.input.loaded.config.routing, sleeves: Object.fromEntries(checkable) } }, (name) => this.gatewayOf(name), this.input.loaded.path);
    const coordinator = this.coordinatorOf();
    const symbolOf = new Map(this.input.loaded.config.sleeves.map((sleeve) => [sleeve.symbol, sleeve.name]));
    const routing = new RoutingGateway({
      accounts: names.map((name) => ({ account: name, gateway: this.watchedGateway(name, coordinator) })),
      routingOf: (symbol) => {
        const sleeve = symbolOf.get(symbol);
        return sleeve === undefined ? undefined : coordinator.routing(sleeve);
      },
      failed: (name) => coordinator.failed(name),
      logger: this.input.logger,
      maxDivergenceBps: this.input.loaded.config.routing.marketData.maxDivergenceBps,
    });
    this.routingGateways.set(account, routing);
    return routing;
  }

  /** Judges health and routes every routed sleeve now (before each bar and between bars). */
  async evaluate(): Promise<void> {
    if (this.coordinator === undefined) return;
    const config = this.input.loaded.config;
    // The clock offset is part of the health, and the runner never measures it after the start.
    for (const [name, gateway] of this.watched) {
      if (Date.now() - (this.clockSyncedAtMs.get(name) ?? 0) < CLOCK_SYNC_EVERY_MS) continue;
      this.clockSyncedAtMs.set(name, Date.now());
      await gateway.syncClock().catch(() => undefined);
    }
    try {
      await this.coordinator.evaluate((sleeveName) => {
        const sleeve = config.sleeves.find((each) => each.name === sleeveName);
        return sleeve === undefined ? undefined : this.routingGateways.get(sleeve.account)?.holderOf(sleeve.symbol);
      });
    } catch (error) {
      // The routing stays as last decided; the runners keep trading (or refusing) on it.
      this.input.logger.error('alert_failover_not_evaluated', { reason: (error as Error).message });
    }
  }

  /** Closes the fallback gateways this opened (the primaries are their runners' callers'). */
  async close(): Promise<void> {
    for (const gateway of this.opened) await gateway.close();
  }

  private watchedGateway(name: string, coordinator: FailoverCoordinator): ExchangeGateway {
    const existing = this.watched.get(name);
    if (existing !== undefined) return existing;
    const watched = healthRecordingGateway(this.gatewayOf(name), coordinator.health(name), () => Date.now());
    this.watched.set(name, watched);
    return watched;
  }

  private gatewayOf(name: string): ExchangeGateway {
    const gateway = this.gateways.get(name);
    if (gateway === undefined) throw new RangeError(`account ${name} has no gateway`);
    return gateway;
  }

  private coordinatorOf(): FailoverCoordinator {
    if (this.coordinator !== undefined) return this.coordinator;
    const { config } = this.input.loaded;
    const names = [...new Set(this.routes.flatMap((route) => [route.primary, ...route.fallbacks]))];
    this.coordinator = new FailoverCoordinator({
      routes: this.routes,
      settings: config.routing.failover,
      thresholds: config.routing.health,
      accounts: names.map((name) => ({ account: name, venue: this.input.accounts.get(name)?.exchange ?? 'unknown' })),
      store: this.input.store,
      logger: this.input.logger,
      clock: { nowMs: () => Date.now() },
      actor: this.input.actor,
      requestStatus: (name) => {
        const gateway = this.gateways.get(name);
        if (!(gateway instanceof CcxtExchangeGateway)) return undefined;
        const status = gateway.requestStatus();
        return { circuit: status.circuit, bannedUntilMs: status.banned ? Date.now() + status.rateLimitedForMs : null };
      },
    });
    return this.coordinator;
  }

  private async openFallback(name: string): Promise<ExchangeGateway> {
    const account = this.input.accounts.get(name);
    const keyPath = this.keyPathNaming(name);
    if (account?.credentials === undefined) {
      throw new InputError(`${keyPath} names account "${name}", which RAMPART_ACCOUNT_${name.toUpperCase()}_{API_KEY,API_SECRET} (and _EXCHANGE, default binanceusdm) do not define`, { file: this.input.loaded.path, keyPath, value: name });
    }
    const baseUrl = this.input.baseUrlOf(name);
    const testnet = (this.input.testnet || account.testnet) && baseUrl === undefined;
    this.input.logger.warn('venue_selected', { account: name, mode: baseUrl !== undefined ? 'local venue (fallback)' : testnet ? 'TESTNET (fallback)' : 'LIVE (fallback)', reason: 'fallback account of a routed sleeve' });
    const gateway = await CcxtExchangeGateway.open({
      venue: account.exchange,
      apiKey: account.credentials.apiKey.reveal(),
      secret: account.credentials.apiSecret.reveal(),
      testnet,
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      submission: { lookupAttempts: this.input.lookupAttempts, lookupWindowMs: this.input.lookupWindowMs },
    });
    this.opened.push(gateway);
    try {
      await enforceLaunchChecks({ gateway, config: this.input.loaded.config, account: name, venue: account.exchange, testnet, maxClockOffsetMs: DEFAULT_MAX_CLOCK_OFFSET_MS, allowUnrestrictedKey: false, logger: this.input.logger });
      await gateway.connect();
    } catch (error) {
      // A fallback that cannot be read now starts DOWN (its health says so); a failed check on a key refuses the start.
      if (!(error instanceof VenueUnreachableAtStartError) && !(error instanceof RetryableExchangeError)) throw error;
      this.unreadAtStart.add(name);
      this.input.logger.error('alert_not_ready', { account: name, reason: `fallback account: ${error.message}` });
    }
    return gateway;
  }

  private keyPathNaming(account: string): string {
    for (const route of this.routes) {
      const index = route.fallbacks.indexOf(account);
      if (index >= 0) return formatKeyPath(['routing', 'sleeves', route.sleeve, 'fallbacks', index]);
    }
    return 'routing.sleeves';
  }
}
