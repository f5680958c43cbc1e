//! The live leg of the cross-mode parity test: the same candles pushed bar by bar to the local venue,
//! the live runner (REST polling, or websocket streams) acting at each close on a clock set to it.
import { mkdirSync } from 'node:fs';
import { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createCcxtClientForVenueSim } from '../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { startVenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import type { VenueSimSymbol } from '../../adapters/exchange/venueSim/venueSimTypes.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { assertStoreMatchesVenue } from '../wiring/assertStoreMatchesVenue.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createLiveRunner } from './liveRunner.ts';
import { StreamBarsFeed } from './liveStreamFeed.ts';
import { SILENT, storeRecord, type ModeRecord } from './modeParityScenario.ts';

export interface LiveParityInput {
  readonly loaded: LoadedConfig;
  readonly account: string;
  /** One series per symbol, all on the same bar times. */
  readonly series: readonly CandleSeries[];
  readonly symbols: VenueSimSymbol[];
  readonly barMs: number;
  /** The backtest's spread model, bps of the close: the venue's book is set to it before each decision. */
  readonly spreadBps: number;
  readonly ws: boolean;
  readonly dir: string;
  /** Bars pushed as history before the runner starts (warm-up the strategies read at their first bar). */
  readonly historyBars?: number;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Drives the venue bar by bar: bar i is pushed closed, the venue's price set to bar i+1's open (the
 * backtest fills an order decided at bar i's close there) with the modelled spread around it, then the
 * runner acts on a clock reading bar i's close. Each fill is stamped with the close it followed, the
 * time the backtest gives the same fill (the next bar's open); the venue's own trade times are wall clock.
 */
/** The live record, and each bar's report row per sleeve as `barOpenMs sleeve target venuePositionBefore`. */
export async function liveRecord(input: LiveParityInput): Promise<ModeRecord & { decisionsPerBar: string[] }> {
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: input.symbols, walletBalance: input.loaded.config.capital.initial });
  mkdirSync(input.dir, { recursive: true });
  const store = await openTradeStore({ stateDir: input.dir });
  const client = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET }, { fetchOpenOrders: { warnWithoutSymbol: false } });
  client.timeout = 3_000;
  // The script compresses hours of bars into seconds: the request budget is widened accordingly.
  const gateway = new CcxtExchangeGateway(client, { venue: 'binanceusdm', apiKey: API_KEY, secret: API_SECRET, testnet: false, submission: { lookupAttempts: 3, lookupWindowMs: 100 }, weightLimitPerMinute: 1_000_000 });
  const clock = { timeMs: 0, nowMs: () => clock.timeMs };
  const feed = input.ws ? new StreamBarsFeed(gateway) : undefined;
  const runner = createLiveRunner({
    loaded: input.loaded,
    account: input.account,
    gateway,
    store,
    clock,
    logger: SILENT,
    owner: `parity-${input.ws ? 'ws' : 'rest'}`,
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    live: { lookupAttempts: 3, lookupWindowMs: 100, maxNakedMs: 2_000, externalPolicy: 'halt' },
    // The scripted clock jumps a bar per step: the stream is not stale for that.
    ...(feed !== undefined ? { ws: { feed, staleAfterMs: 3_600_000 } } : {}),
  });
  const length = input.series[0].length;
  const history = input.historyBars ?? 0;
  const push = (i: number, closed: boolean): void => {
    for (const series of input.series) {
      sim.pushCandle(series.symbol, { openTimeMs: series.time[i], open: series.open[i], high: closed ? series.high[i] : series.open[i], low: closed ? series.low[i] : series.open[i], close: closed ? series.close[i] : series.open[i], volume: closed ? series.volume[i] : 0, closed });
    }
  };
  const fillTimes = new Map<string, number>();
  const decisionsPerBar: string[] = [];
  // Venue trades carry wall-clock times: each is stamped with the script's time it happened at.
  const stampNewTrades = (timeMs: number): void => {
    for (const trade of sim.state().trades) if (!fillTimes.has(String(trade.id))) fillTimes.set(String(trade.id), timeMs);
  };
  /**
   * Bar i's range at the venue, as the backtest's intrabar check reads it: a resting stop the bar's
   * low (a sell stop) or high (a buy stop) reaches is triggered at its stop price, the backtest's fill
   * price for a stop inside the bar, and its fill stamped with the bar's open time, as the backtest's.
   */
  const moveThroughStops = (i: number): void => {
    for (const series of input.series) {
      const stops = sim.state().orders.filter((order) => order.symbol === series.symbol && order.type === 'STOP_MARKET' && order.status === 'NEW');
      for (const stop of stops) {
        if (stop.side === 'SELL' ? series.low[i] <= stop.stopPrice : series.high[i] >= stop.stopPrice) {
          sim.setPrice(series.symbol, stop.stopPrice);
          stampNewTrades(series.time[i]);
        }
      }
    }
  };
  try {
    for (let i = 0; i < history; i++) push(i, true);
    let started = false;
    if (feed !== undefined) {
      // Subscribed before the first bar closes, as a session started ahead of the market's bars.
      clock.timeMs = input.series[0].time[history];
      await runner.start();
      started = true;
      await waitFor('the kline subscriptions', () => sim.marketSubscriptions().length > 0);
      push(history, false);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (let i = history; i < length; i++) {
      moveThroughStops(i);
      push(i, true);
      for (const series of input.series) {
        const next = i + 1 < length ? series.open[i + 1] : series.close[i];
        sim.setPrice(series.symbol, next);
        sim.setSpread(series.symbol, (series.close[i] * input.spreadBps) / 10_000);
      }
      const closeMs = input.series[0].time[i] + input.barMs;
      clock.timeMs = closeMs;
      if (feed !== undefined) {
        // The stream knows bar i has closed once the next bar's first update arrives.
        if (i + 1 < length) push(i + 1, false);
        else for (const series of input.series) sim.pushCandle(series.symbol, { openTimeMs: series.time[i] + input.barMs, open: series.close[i], high: series.close[i], low: series.close[i], close: series.close[i], volume: 0, closed: false });
        await waitFor(`bar ${i} closed on the stream`, () => input.series.every((series) => feed.lastClosedOpenMs(series.symbol) === series.time[i]));
      }
      if (!started) {
        await runner.start();
        started = true;
      }
      const outcome = await runner.onBarClose();
      // As the live job does after every bar: fills the runner did not send for (a stop) are brought in.
      await runner.reconcile();
      for (const row of outcome.sleeves ?? []) decisionsPerBar.push(`${row.barTimeMs} ${row.sleeve} ${row.target} ${row.position ?? '0'}`);
      // Every fill of the venue in the store (on the user stream they arrive a moment later).
      stampNewTrades(closeMs);
      await waitFor(`bar ${i}'s fills in the store`, async () => (await store.listFills()).length === sim.state().trades.length);
    }
    await runner.reconcile();
    await assertStoreMatchesVenue(store, sim, input.account);
    const stopOrderIds = new Set(sim.state().orders.filter((order) => (order.origType ?? order.type) === 'STOP_MARKET').map((order) => order.clientOrderId));
    const record = await storeRecord(store, input.loaded, input.barMs, { signals: false, liveFillTimes: fillTimes, stopOrderIds });
    return { ...record, decisionsPerBar };
  } finally {
    await runner.stop().catch(() => undefined);
    await gateway.close().catch(() => undefined);
    await store.close();
    await sim.close();
  }
}
