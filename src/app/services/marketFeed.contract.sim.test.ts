import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import { CandleStoreMarketFeed } from '../wiring/candleStoreMarketFeed.ts';
import { BAR_MS, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';
import { GatewayMarketFeed } from './liveDecisions.ts';
import { StreamBarsFeed } from './liveStreamFeed.ts';

// The MarketFeed port's contract, run by every feed over the same bars: recentClosedBars is the tail
// of closedBars (closed by nowMs only, oldest first, fewer when fewer exist).

const BARS = 12;
const closes = Array.from({ length: BARS }, (_, i) => 60_000 + i * 10);

describe('MarketFeed contract: recentClosedBars', () => {
  let harness: LiveHarness;
  let dir: string;
  const feeds: Array<{ name: string; feed: MarketFeed }> = [];
  let firstMs: number;

  before(async () => {
    harness = await startLiveHarness({ bars: 0 });
    firstMs = harness.nextBarMs;
    for (const close of closes) harness.pushBar(0, close);
    // A forming bar at the venue: no feed may hand it over.
    harness.sim.pushCandle('BTCUSDT', { openTimeMs: harness.nextBarMs, open: 1, high: 1, low: 1, close: 1, volume: 0, closed: false });
    const series: CandleSeries = allocateCandleSeries('BTCUSDT', '1m', BARS + 1);
    for (let i = 0; i <= BARS; i++) {
      const close = i < BARS ? closes[i] : 1;
      series.time[i] = firstMs + i * BAR_MS;
      series.open[i] = series.high[i] = series.low[i] = series.close[i] = close;
    }
    dir = mkdtempSync(join(tmpdir(), 'rampart-feed-'));
    const candles = new ArrowCandleStore(dir);
    await candles.saveCandles(series);
    const gateway = harness.gateway();
    await gateway.connect();
    feeds.push({ name: 'ReplayMarketFeed', feed: new ReplayMarketFeed(new Map([[ReplayMarketFeed.key('BTCUSDT', '1m'), series]])) });
    feeds.push({ name: 'CandleStoreMarketFeed', feed: new CandleStoreMarketFeed(candles) });
    feeds.push({ name: 'GatewayMarketFeed (REST through ccxt)', feed: new GatewayMarketFeed(gateway) });
    // The stream feed hands over the bars its stream delivered: feed it the venue's closed klines.
    const stream = new StreamBarsFeed(gateway);
    for (const candle of await gateway.fetchCandles('BTCUSDT', '1m', undefined, 50)) stream.onCandle(candle, candle.openTimeMs < harness.nextBarMs);
    feeds.push({ name: 'StreamBarsFeed', feed: stream });
  });
  after(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every feed hands over the last closed bars, oldest first, never the forming one', async () => {
    const nowMs = firstMs + BARS * BAR_MS + 1_000;
    for (const { name, feed } of feeds) {
      const recent = await feed.recentClosedBars('BTCUSDT', '1m', nowMs, 4);
      assert.deepEqual([...recent.close.subarray(0, recent.length)], closes.slice(-4), `${name}: the last four closes`);
      assert.deepEqual([...recent.time.subarray(0, recent.length)], [8, 9, 10, 11].map((i) => firstMs + i * BAR_MS), `${name}: their open times`);
      const all = await feed.closedBars('BTCUSDT', '1m', nowMs);
      assert.equal(all.time[all.length - 1], recent.time[recent.length - 1], `${name}: the tail of closedBars`);
      const earlier = await feed.recentClosedBars('BTCUSDT', '1m', firstMs + 3 * BAR_MS, 10);
      assert.deepEqual([...earlier.close.subarray(0, earlier.length)], closes.slice(0, 3), `${name}: only bars closed by nowMs, fewer than asked`);
    }
  });
});
