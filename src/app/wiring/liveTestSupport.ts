//! Test support for the live runner: a local venue, a real ccxt gateway, a SQLite store in a temp dir,
//! a config with the scripted strategy, and the one check every live test ends with.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach } from 'node:test';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Decimal } from 'decimal.js';
import { CcxtExchangeGateway, type CcxtGatewayOptions } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createCcxtClientForVenueSim } from '../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import type { Logger, LogValue } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { createLiveRunner, type CreateLiveRunnerInput } from '../services/liveRunner.ts';
import { dryRunGateway, dryRunStore } from './dryRunVenue.ts';

export { assertStoreMatchesVenue } from './assertStoreMatchesVenue.ts';

export const ACCOUNT = 'main';
export const BAR_MS = 60_000;

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  event: string;
  fields: Readonly<Record<string, LogValue>>;
}

export interface LiveHarness {
  readonly sim: VenueSim;
  readonly dir: string;
  readonly loaded: LoadedConfig;
  readonly logs: LogLine[];
  readonly logger: Logger;
  store: TradeStore;
  /** Open time of the next bar pushBar will add. */
  nextBarMs: number;
  /** Adds a closed bar whose volume is the scripted target code (1 long, 2 short, 0 flat). */
  pushBar(targetCode: number, close?: number): void;
  /** A real ccxt gateway on the local venue; `weightLimitPerMinute` widens the request budget (benchmarks compress hours of bars into seconds). */
  gateway(options?: HarnessGatewayOptions): CcxtExchangeGateway;
  /** `dryRun`: wired as `--dry-run` is (dryRunVenue.ts over the gateway and store). */
  runner(overrides?: Partial<CreateLiveRunnerInput> & { readonly dryRun?: boolean }): ReturnType<typeof createLiveRunner>;
  reopenStore(): Promise<TradeStore>;
  close(): Promise<void>;
}

export interface HarnessGatewayOptions extends Partial<Pick<CcxtGatewayOptions, 'weightLimitPerMinute' | 'nowMs' | 'sleep' | 'circuitBreaker' | 'onIncident' | 'submission'>> {
  /** ccxt's REST timeout, ms (default 3000). */
  readonly timeoutMs?: number;
  /** ccxt's websocket ping interval, ms: short, a missing pong shows within a second. */
  readonly keepAliveMs?: number;
}

export async function startLiveHarness(options: { bars?: number; externalPolicy?: 'halt' | 'cancel'; /** The sleeve's weight (default 0.05). */ weight?: number; /** Opens the venue's control route /_sim/faults with this token. */ controlToken?: string; /** The data-age guardrail's bound (default a day). */ maxDataAgeSec?: number; /** Confidence every signal of the scripted strategy carries (default none). */ confidence?: number; /** Take-profit distance of the scripted strategy's entries (default none). */ takeProfitDistance?: number; /** The config's `sizing:` line (default none: weight sizing). */ sizing?: string } = {}): Promise<LiveHarness> {
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, walletBalance: 10_000, ...(options.controlToken !== undefined ? { controlToken: options.controlToken } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'rampart-live-'));
  const strategyPath = resolve(import.meta.dirname, '../services/liveTestStrategy.ts');
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'name: live-rehearsal',
      'market: {type: futures, leverage: 1}',
      'capital: {initial: 10000, currency: USDT}',
      'data: {timeframe: 1m}',
      // The harness's bars lie up to hours behind the real clock, and data age runs from a bar's close:
      // the data-age guardrail is opened wide here (its own tests use bars that closed just now).
      `risk: {accounts: {main: normal}, guardrails: {maxDataAgeSec: ${options.maxDataAgeSec ?? 86_400}}}`,
      ...(options.sizing !== undefined ? [`sizing: ${options.sizing}`] : []),
      'sleeves:',
      `  - {name: btc, symbol: BTCUSDT, weight: ${options.weight ?? 0.05}, account: ${ACCOUNT}, strategy: ${JSON.stringify(strategyPath)}, params: {stopDistance: 500${options.confidence !== undefined ? `, confidence: ${options.confidence}` : ''}${options.takeProfitDistance !== undefined ? `, takeProfitDistance: ${options.takeProfitDistance}` : ''}}}`,
    ].join('\n'),
  );
  const loaded = loadConfig(join(dir, 'config.yaml'));
  const logs: LogLine[] = [];
  const logger: Logger = {
    info: (event, fields = {}) => logs.push({ level: 'info', event, fields }),
    warn: (event, fields = {}) => logs.push({ level: 'warn', event, fields }),
    error: (event, fields = {}) => logs.push({ level: 'error', event, fields }),
  };
  const gateways: CcxtExchangeGateway[] = [];
  const harness: LiveHarness = {
    sim,
    dir,
    loaded,
    logs,
    logger,
    store: await openTradeStore({ stateDir: dir }),
    nextBarMs: Math.floor(Date.now() / BAR_MS) * BAR_MS - 200 * BAR_MS,
    pushBar(targetCode, close = 60_000) {
      sim.pushCandle('BTCUSDT', { openTimeMs: harness.nextBarMs, open: close, high: close, low: close, close, volume: targetCode, closed: true });
      sim.setPrice('BTCUSDT', close);
      harness.nextBarMs += BAR_MS;
    },
    gateway({ timeoutMs = 3_000, keepAliveMs, ...gatewayOptions } = {}) {
      const client = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET }, { fetchOpenOrders: { warnWithoutSymbol: false } });
      client.timeout = timeoutMs;
      if (keepAliveMs !== undefined) client.streaming = { ...client.streaming, keepAlive: keepAliveMs };
      const gateway = new CcxtExchangeGateway(client, {
        venue: 'binanceusdm',
        apiKey: API_KEY,
        secret: API_SECRET,
        testnet: false,
        submission: { lookupAttempts: 3, lookupWindowMs: 100 },
        ...gatewayOptions,
      });
      gateways.push(gateway);
      return gateway;
    },
    runner({ dryRun = false, ...overrides } = {}) {
      const gateway = overrides.gateway ?? harness.gateway();
      const store = overrides.store ?? harness.store;
      // As `run --real --dry-run` wires it: the runner itself has no dry-run mode.
      const venue = dryRun ? { gateway: dryRunGateway({ gateway, logger, account: ACCOUNT, nowMs: () => Date.now() }), store: dryRunStore(store) } : { gateway, store };
      return createLiveRunner({
        loaded,
        account: ACCOUNT,
        clock: { nowMs: () => Date.now() },
        logger,
        owner: `test-${Math.random().toString(36).slice(2)}`,
        sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
        live: { lookupAttempts: 3, lookupWindowMs: 100, maxNakedMs: 300, externalPolicy: options.externalPolicy ?? 'halt' },
        ...overrides,
        gateway: venue.gateway,
        store: venue.store,
      });
    },
    async reopenStore() {
      await harness.store.close();
      harness.store = await openTradeStore({ stateDir: dir });
      return harness.store;
    },
    async close() {
      for (const gateway of gateways) await gateway.close().catch(() => undefined);
      await harness.store.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (let bar = 0; bar < (options.bars ?? 3); bar++) harness.pushBar(0);
  return harness;
}

/**
 * For each test of the enclosing `describe`: a fresh harness and a gateway connected to its venue, with
 * the BTCUSDT mark the local min-notional check needs; `assign` hands them to the test's variables.
 */
export function eachWithConnectedGateway(assign: (fixture: { harness: LiveHarness; gateway: CcxtExchangeGateway }) => void, options: Parameters<typeof startLiveHarness>[0] = {}): void {
  let harness: LiveHarness | undefined;
  beforeEach(async () => {
    harness = await startLiveHarness(options);
    const gateway = harness.gateway();
    await gateway.connect();
    gateway.setReferencePrice('BTCUSDT', new Decimal(60_000));
    assign({ harness, gateway });
  });
  afterEach(async () => {
    await harness?.close();
  });
}
