import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';
import { StreamBarsFeed } from './liveStreamFeed.ts';

const ORDER_POST = (request: { method: string; path: string }): boolean => request.method === 'POST' && (request.path === '/fapi/v1/order' || request.path === '/fapi/v1/algoOrder');

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 4_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A bar the scripted strategy reads (volume = target code) sent on the kline stream, then the next
 * bar's first update: the stream only knows a bar has closed once the next one has opened.
 */
async function streamBar(h: LiveHarness, feed: StreamBarsFeed, targetCode: number): Promise<number> {
  const openTimeMs = h.nextBarMs;
  h.pushBar(targetCode);
  h.sim.pushCandle('BTCUSDT', { openTimeMs: h.nextBarMs, open: 60_000, high: 60_000, low: 60_000, close: 60_000, volume: targetCode, closed: false });
  await waitFor(`bar ${openTimeMs} closed on the stream`, () => feed.lastClosedOpenMs('BTCUSDT') === openTimeMs);
  return openTimeMs;
}

const klineSubscribes = (h: LiveHarness): number => h.sim.wsEvents().filter((event) => event.method === 'SUBSCRIBE' && (event.params ?? []).some((stream) => stream.includes('@kline_'))).length;

describe('live runner with websocket streams (--ws) against the local venue', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('bars come from the kline stream, the entry fill arrives on the user stream, and stop() closes the streams', async () => {
    const gateway = h.gateway();
    const feed = new StreamBarsFeed(gateway);
    const runner = h.runner({ gateway, ws: { feed } });
    await runner.start();
    await waitFor('the kline subscription', () => klineSubscribes(h) === 1);
    await streamBar(h, feed, 1);
    const requestsBefore = h.sim.requests().length;
    const entry = await runner.onBarClose();
    assert.deepEqual(entry.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['BUY MARKET false', 'SELL STOP_MARKET true'], 'entry then its protective stop');
    const sinceEntry = h.sim.requests().slice(requestsBefore);
    const entryPost = sinceEntry.findIndex(ORDER_POST);
    await waitFor('the entry fill in the store', async () => (await h.store.listFills({ account: ACCOUNT })).length === 1);
    const afterEntry = h.sim.requests().slice(requestsBefore + entryPost);
    assert.equal(afterEntry.filter((request) => request.path === '/fapi/v1/userTrades').length, 0, 'no REST trade query after the entry: the fill came on the user stream');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);

    await streamBar(h, feed, 0);
    const exit = await runner.onBarClose();
    assert.deepEqual(exit.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['SELL MARKET true'], 'the exit is reduce-only');
    assert.equal(h.sim.state().positions.length, 0, 'flat at the venue');
    await waitFor('the exit fill in the store', async () => (await h.store.listFills({ account: ACCOUNT })).length === 2);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);

    await runner.stop();
    await waitFor('the kline socket closed', () => h.sim.marketSubscriptions().length === 0);
  });

  test('RELIABILITY case 29: a silent market feed pauses entries (exits still allowed) until data flows again', async () => {
    const time = { ms: Date.now() };
    const gateway = h.gateway();
    const feed = new StreamBarsFeed(gateway);
    const runner = h.runner({ gateway, clock: { nowMs: () => time.ms }, ws: { staleAfterMs: 30_000, feed } });
    await runner.start();
    await waitFor('the kline subscription', () => klineSubscribes(h) === 1);
    await streamBar(h, feed, 0);
    assert.equal((await runner.onBarClose()).orders.length, 0, 'flat target: nothing to do');

    h.sim.inject({ kind: 'silentFeed' });
    // The long signal's bar closes while the socket is open but silent; only REST still has it.
    const silentBarMs = h.nextBarMs;
    h.pushBar(1);
    time.ms += 31_000;
    const postsBefore = h.sim.requests().filter(ORDER_POST).length;
    const paused = await runner.onBarClose();
    assert.equal(feed.lastClosedOpenMs('BTCUSDT'), silentBarMs, 'the resubscription back-filled the missed bar over REST');
    assert.deepEqual(paused.orders, [], 'no entry while the feed is stale');
    assert.equal(h.sim.requests().filter(ORDER_POST).length, postsBefore, 'no order reached the venue');
    const riskCodes = (await h.store.listRiskEvents({ account: ACCOUNT })).map((event) => event.code);
    assert.ok(riskCodes.includes('MARKET_FEED_STALE'), `the paused entry is recorded, codes were ${riskCodes.join(', ')}`);
    assert.ok(h.logs.some((line) => line.event === 'entry_paused'), 'the paused entry is logged');
    assert.ok((await h.store.listIncidents()).some((incident) => incident.kind === 'MARKET_FEED_STALE'), 'the stale feed is an incident');

    await waitFor('the resubscription at the venue', () => klineSubscribes(h) === 2);
    h.sim.clearFaults();
    await streamBar(h, feed, 1);
    // Less than staleAfterMs after the data: on a live feed updates keep coming every few hundred ms.
    time.ms += 5_000;
    const resumed = await runner.onBarClose();
    assert.deepEqual(resumed.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['BUY MARKET false', 'SELL STOP_MARKET true'], 'data flows again: the entry and its stop go out');
    assert.ok((await h.store.listIncidents()).some((incident) => incident.kind === 'MARKET_FEED_RESUMED'), 'the recovery is recorded');
    await waitFor('the entry fill in the store', async () => (await h.store.listFills({ account: ACCOUNT })).length === 1);

    // Silent again while long: the flat signal's exit is not an entry and still goes out.
    h.sim.inject({ kind: 'silentFeed' });
    h.pushBar(0);
    time.ms += 31_000;
    const exit = await runner.onBarClose();
    assert.deepEqual(exit.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['SELL MARKET true'], 'a stale feed does not block the reduce-only exit');
    assert.equal(h.sim.state().positions.length, 0, 'flat at the venue');
    await waitFor('the exit fill in the store', async () => (await h.store.listFills({ account: ACCOUNT })).length === 2);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
