//! Test support for the go-live gate: the local venue harness plus a rules file pinning its config, a
//! candle store with 31 days of one-minute bars, a paper record of 35 days in the account's store, a
//! live session's entry against the venue, and a testnet store with filled trades.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { API_KEY, API_SECRET } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { loadScaleRules, type LoadedScaleRules } from '../config/loadScaleRules.ts';
import { runPaper } from '../services/paperRunner.ts';
import { CandleStoreMarketFeed } from './candleStoreMarketFeed.ts';
import type { PreflightInput } from '../services/preflight.ts';
import { startLiveCliHarness, type LiveCliHarness } from './liveCliHarness.ts';
import { ACCOUNT, startLiveHarness, type LiveHarness } from './liveTestSupport.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A ladder shaped like the R1 SOP's (paper 30 days, then $5,000 and $10,000), over the harness config. */
export function rulesYaml(sha256: string, options: { paperExit?: string[] } = {}): string {
  const paperExit = options.paperExit ?? ["{metric: sharpe30d, op: '>', value: -0.3}", "{metric: maxDrawdown30dPct, op: '<', value: 12}"];
  return [
    'frozenConfig: {file: config.yaml, sha256: ' + sha256 + '}',
    'launch: {maxClockOffsetMs: 100, maxDataAge: 2h, maxGap: 3h, gapLookback: 30d, minTestnetTrades: 3}',
    'restart: {requirePostMortem: true, approvers: 2, restartAtPreviousStage: true}',
    'ladder:',
    '  - {stage: 0, name: paper, mode: paper, capital: 0, minDays: 30, exit: [' + paperExit.join(', ') + ']}',
    "  - stage: 1",
    "    name: '$5,000'",
    '    mode: live',
    '    capital: 5000',
    '    minDays: 14',
    '    attestations: [a team member monitors the first 24 h]',
    "    exit: [{metric: sharpe14d, op: '>', value: 0}, {metric: runningMaxDrawdownPct, op: '<', value: 10}, {metric: slippageRatio, op: '<=', value: 1.3}, {metric: flattenEvents, op: '==', value: 0}]",
    "    abort: {toStage: 0, any: [{metric: runningMaxDrawdownPct, op: '>', value: 12}, {metric: sharpe14d, op: '<', value: -0.5}, {metric: apiFailures24h, op: '>', value: 3}]}",
    "  - {stage: 2, name: '$10,000', mode: live, capital: 10000}",
    '',
  ].join('\n');
}

export interface GateFixture {
  readonly harness: LiveHarness;
  readonly rulesPath: string;
  readonly rules: LoadedScaleRules;
  readonly candles: ArrowCandleStore;
  readonly testnetStore: TradeStore;
  readonly nowMs: number;
  /** The preflight / launch-guard input over this fixture (store, venue, files). */
  input(): PreflightInput & { rules: LoadedScaleRules };
  close(): Promise<void>;
}

export interface GateFixtureOptions {
  /** Daily drift of the paper equity (default +0.2 %/day; negative for a losing paper record). */
  readonly paperDriftPerDay?: number;
  /** Hours before now the last one-minute bar closes (default 0: the last closed minute). */
  readonly dataEndsHoursAgo?: number;
  /** Hours of bars missing ten days ago (default none). */
  readonly gapHours?: number;
  readonly testnetTrades?: number;
  /** Run the live session's entry (default true). */
  readonly liveSession?: boolean;
  readonly rulesYaml?: (sha256: string) => string;
  /** Seed the paper record in a store of its own (the paper runner's), handed over as `paperStore`. */
  readonly paperInOwnStore?: boolean;
  /** Fill that own store by a real paper session (hourly bars, 35 days, one evaluation per bar on a stepped clock) instead of seeding it. */
  readonly paperSession?: boolean;
}

export async function startGateFixture(options: GateFixtureOptions = {}): Promise<GateFixture> {
  const harness = await startLiveHarness();
  return seedGateFixture(harness, options);
}

/** The same over the CLI harness: `rampart …` as a child process on the same store, venue and files. */
export async function startGateCliFixture(options: GateFixtureOptions = {}): Promise<GateFixture & { readonly harness: LiveCliHarness }> {
  const harness = await startLiveCliHarness();
  return (await seedGateFixture(harness, options)) as GateFixture & { readonly harness: LiveCliHarness };
}

async function seedGateFixture(harness: LiveHarness, options: GateFixtureOptions): Promise<GateFixture> {
  const nowMs = Date.now();
  const rulesPath = join(harness.dir, 'rules.yaml');
  writeFileSync(rulesPath, (options.rulesYaml ?? rulesYaml)(harness.loaded.sha256));
  const rules = loadScaleRules(rulesPath);
  const candles = new ArrowCandleStore(join(harness.dir, 'data', 'store'));
  await candles.saveCandles(minuteBars(nowMs, options.dataEndsHoursAgo ?? 0, options.gapHours ?? 0));
  const paperStore = options.paperInOwnStore === true || options.paperSession === true ? await openTradeStore({ stateDir: join(harness.dir, 'paper') }) : undefined;
  // Both records drift +0.2 %/day by default. A paper session on a market that ends where it began had a
  // 30-day Sharpe that depended on where UTC midnight fell in its swings: -0.31 to -0.34 at some hours of
  // the day, below the -0.3 bound, so a test of the passing case failed at those hours.
  const driftPerDay = options.paperDriftPerDay ?? 0.002;
  if (options.paperSession === true && paperStore !== undefined) await runPaperSession(harness, paperStore, nowMs, driftPerDay);
  else await seedPaperRecord(paperStore ?? harness.store, nowMs, driftPerDay);
  if (options.liveSession !== false) {
    const runner = harness.runner();
    await runner.start();
    harness.pushBar(1);
    await runner.onBarClose();
    await runner.stop();
  }
  const testnetStore = await openTradeStore({ stateDir: join(harness.dir, 'testnet') });
  for (let trade = 0; trade < (options.testnetTrades ?? 3); trade++) {
    await testnetStore.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: `tn-${trade}`, clientOrderId: `tn-order-${trade}`, venueOrderId: `${trade}`, side: trade % 2 === 0 ? 'BUY' : 'SELL', quantity: '0.001', price: '60000', fee: '0.024', atMs: nowMs - DAY_MS + trade * MINUTE_MS });
  }
  return {
    harness,
    rulesPath,
    rules,
    candles,
    testnetStore,
    nowMs,
    input: () => ({
      loaded: harness.loaded,
      rules,
      goLive: undefined,
      store: harness.store,
      testnetStore,
      ...(paperStore !== undefined ? { paperStore } : {}),
      candles,
      env: { RAMPART_ACCOUNT_MAIN_EXCHANGE: 'binanceusdm', RAMPART_ACCOUNT_MAIN_API_KEY: API_KEY, RAMPART_ACCOUNT_MAIN_API_SECRET: API_SECRET },
      baseUrl: harness.sim.url,
      nowMs: Date.now(),
    }),
    async close() {
      await paperStore?.close();
      await testnetStore.close();
      await harness.close();
    },
  };
}

/** One-minute BTCUSDT bars over the last 31 days, ending `endsHoursAgo` before now, with an optional gap ten days ago. */
function minuteBars(nowMs: number, endsHoursAgo: number, gapHours: number) {
  const lastOpenMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS - endsHoursAgo * HOUR_MS;
  const firstOpenMs = lastOpenMs - 31 * DAY_MS;
  const gapFromMs = nowMs - 10 * DAY_MS;
  const times: number[] = [];
  for (let openMs = firstOpenMs; openMs <= lastOpenMs; openMs += MINUTE_MS) if (!(openMs >= gapFromMs && openMs < gapFromMs + gapHours * HOUR_MS)) times.push(openMs);
  const series = allocateCandleSeries('BTCUSDT', '1m', times.length);
  times.forEach((openMs, index) => {
    series.time[index] = openMs;
    series.open[index] = series.high[index] = series.low[index] = series.close[index] = 60_000;
    series.volume[index] = 1;
  });
  return series;
}

/** Hourly paper equity over 35 days up to an hour ago, ending at the venue's 10,000 so the live session continues it. */
async function seedPaperRecord(store: TradeStore, nowMs: number, driftPerDay: number): Promise<void> {
  const hours = 35 * 24;
  const equity: number[] = [1];
  for (let hour = 1; hour < hours; hour++) equity.push(equity[hour - 1] * (1 + driftPerDay / 24 + 0.004 * Math.sin(hour * 0.7)));
  const scale = 10_000 / equity[equity.length - 1];
  for (let hour = 0; hour < hours; hour++) {
    const value = (equity[hour] * scale).toFixed(2);
    await store.recordEquitySnapshot({ account: ACCOUNT, atMs: nowMs - HOUR_MS - (hours - 1 - hour) * HOUR_MS, equity: value, walletBalance: value, unrealizedPnl: '0' });
  }
}

/**
 * A real paper session in the paper runner's own store: the account's sleeve and scripted strategy on
 * hourly bars (always long, full weight) over 35 days up to two hours ago, evaluated once per bar close
 * on a stepped clock as a live paper runner would; the price swings ±2 % with a 10-day period around
 * `driftPerDay`.
 */
async function runPaperSession(harness: LiveHarness, store: TradeStore, nowMs: number, driftPerDay: number): Promise<void> {
  const storeDir = join(harness.dir, 'paper-candles');
  const bars = 35 * 24;
  const lastOpenMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
  const series = allocateCandleSeries('BTCUSDT', '1h', bars);
  for (let bar = 0; bar < bars; bar++) {
    const close = 60_000 * (1 + (driftPerDay * bar) / 24) * (1 + 0.02 * Math.sin((2 * Math.PI * bar) / 240));
    series.time[bar] = lastOpenMs - (bars - 1 - bar) * HOUR_MS;
    series.open[bar] = series.high[bar] = series.low[bar] = series.close[bar] = close;
    series.volume[bar] = 1;
  }
  await new ArrowCandleStore(storeDir).saveCandles(series);
  const text = readFileSync(harness.loaded.path, 'utf8').replace('data: {timeframe: 1m}', `data: {timeframe: 1h, store: ${JSON.stringify(storeDir)}}`).replace(/weight: [\d.]+/, 'weight: 1').replace('stopDistance: 500', 'stopDistance: 50000');
  const paperPath = join(harness.dir, 'paper.yaml');
  writeFileSync(paperPath, text);
  let clockMs = series.time[0] + HOUR_MS + 1_000;
  const summaries = await runPaper(
    {
      loaded: loadConfig(paperPath),
      store,
      feed: new CandleStoreMarketFeed(new ArrowCandleStore(storeDir)),
      clock: { nowMs: () => clockMs },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      sleepUntil: async (timeMs) => {
        clockMs = timeMs + 1_000;
      },
      owner: 'paper-session',
      startMs: series.time[0],
    },
    { maxEvaluations: bars },
  );
  if (summaries.length !== bars) throw new Error(`the paper session evaluated ${summaries.length} bars of ${bars}`);
}
