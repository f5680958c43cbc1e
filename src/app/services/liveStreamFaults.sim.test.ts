// RELIABILITY.md §6 B and E, cases 8, 9, 31 and 32, through the live runner with websocket streams
// (`--ws`): a real ccxt.pro binanceusdm client against the local venue, a SQLite store, and every test
// ending with the store and the venue in agreement (assertStoreMatchesVenue).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { LiveAccountRunner } from '../../engine/live/liveAccountRunner.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type HarnessGatewayOptions, type LiveHarness } from '../wiring/liveTestSupport.ts';
import { StreamBarsFeed } from './liveStreamFeed.ts';

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 8_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const klineSubscribes = (h: LiveHarness): number => h.sim.wsEvents().filter((event) => event.method === 'SUBSCRIBE' && (event.params ?? []).some((stream) => stream.includes('@kline_'))).length;
/** Connections to the user-data stream (ccxt opens it at <ws>/private?listenKey=…). */
const userConnects = (h: LiveHarness): number => h.sim.wsEvents().filter((event) => event.kind === 'connect' && event.path.includes('/private')).length;
const storedFills = async (h: LiveHarness): Promise<number> => (await h.store.listFills({ account: ACCOUNT })).length;

/**
 * A runner on websocket streams, started, with its kline and user streams up. Its clock is real time
 * plus `time.offsetMs`: a re-entry moves it past the risk engine's 1 s duplicate-order window.
 */
async function wsRunner(h: LiveHarness, gatewayOptions: HarnessGatewayOptions = {}): Promise<{ runner: LiveAccountRunner; feed: StreamBarsFeed; time: { offsetMs: number } }> {
  const gateway = h.gateway(gatewayOptions);
  const feed = new StreamBarsFeed(gateway);
  const time = { offsetMs: 0 };
  const runner = h.runner({ gateway, ws: { feed }, clock: { nowMs: () => Date.now() + time.offsetMs } });
  await runner.start();
  await waitFor('the kline subscription', () => klineSubscribes(h) >= 1);
  await waitFor('the user stream', () => userConnects(h) >= 1);
  return { runner, feed, time };
}

/** A closed bar carrying the scripted target, and the next bar's first update: the stream closes a bar when the next opens. */
async function streamBar(h: LiveHarness, feed: StreamBarsFeed, targetCode: number): Promise<void> {
  const openTimeMs = h.nextBarMs;
  h.pushBar(targetCode);
  h.sim.pushCandle('BTCUSDT', { openTimeMs: h.nextBarMs, open: 60_000, high: 60_000, low: 60_000, close: 60_000, volume: targetCode, closed: false });
  await waitFor(`bar ${openTimeMs} closed on the stream`, () => feed.lastClosedOpenMs('BTCUSDT') === openTimeMs);
}

/** Enters long on a streamed bar and waits for the entry fill to reach the store by the user stream. */
async function enterLong(h: LiveHarness, runner: LiveAccountRunner, feed: StreamBarsFeed): Promise<string> {
  await streamBar(h, feed, 1);
  const entry = await runner.onBarClose();
  assert.deepEqual(entry.orders.map((order) => `${order.side} ${order.type}`), ['BUY MARKET', 'SELL STOP_MARKET'], 'entry and protective stop');
  await waitFor('the entry fill in the store', async () => (await storedFills(h)) === 1);
  return entry.orders[0]?.clientOrderId as string;
}

describe('fills and order events over the user stream (RELIABILITY cases 8 and 9)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 8: a fill that arrives before its NEW never moves the order back; the fill is applied once by the next REST back-fill and a repeated poll changes nothing', async () => {
    const { runner, feed } = await wsRunner(h);
    // The entry's user events arrive reversed in one burst: account update, fill, then NEW. ccxt keeps
    // the latest event per order, so the stream shows only the NEW and the fill's trade is not seen.
    h.sim.inject({ kind: 'userEventsReversed', path: 'POST /fapi/v1/order' });
    await streamBar(h, feed, 1);
    const entry = await runner.onBarClose();
    const entryId = entry.orders[0]?.clientOrderId as string;
    assert.deepEqual(entry.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET']);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the reversed events have all arrived
    const history = (await h.store.orderHistory(entryId)).map((record) => record.status);
    assert.equal(history.at(-1), 'FILLED', `the late NEW did not move the order back, history ${history.join(' → ')}`);
    assert.ok(!history.slice(history.indexOf('FILLED')).includes('NEW'), `no NEW recorded after FILLED: ${history.join(' → ')}`);

    // The runner's per-bar back-fill (REST /userTrades) brings any fill the stream did not carry.
    await runner.checkStreams();
    assert.equal(await storedFills(h), 1, 'the entry fill is stored once');
    // The same trade again over REST: reconciliation's trade sync and another back-fill.
    const report = await runner.reconcile();
    assert.equal(report?.fillsApplied, 0, 'the REST poll saw the trade again and applied nothing');
    await runner.checkStreams();
    assert.equal(await storedFills(h), h.sim.state().trades.length, 'one stored fill per venue trade');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);

    await streamBar(h, feed, 0);
    await runner.onBarClose();
    await waitFor('the exit fill in the store', async () => (await storedFills(h)) === 2);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 9: the stop fills while the user stream is down; the REST back-fill applies it exactly once and PnL matches the venue trades', async () => {
    const { runner, feed } = await wsRunner(h);
    const entryId = await enterLong(h, runner, feed);
    const stop = h.sim.state().orders.find((order) => order.isAlgo && order.status === 'NEW');
    assert.ok(stop !== undefined, 'a protective stop rests');
    const connectsBefore = userConnects(h);
    h.sim.dropWebsockets();
    h.sim.setPrice('BTCUSDT', 59_000); // the stop triggers and fills: no socket is open to report it
    assert.equal(h.sim.state().positions.length, 0, 'flat at the venue');
    assert.equal(await storedFills(h), 1, 'the store has not heard of the stop fill');

    await runner.checkStreams(); // the runner's per-bar REST back-fill
    assert.equal(await storedFills(h), 2, 'the stop fill was back-filled');
    const subscribesBefore = klineSubscribes(h);
    assert.equal((await h.store.getOrder(stop.clientOrderId))?.status, 'FILLED', 'and the stop is FILLED in the store');
    assert.equal((await h.store.getOrder(entryId))?.status, 'FILLED');
    await waitFor('the user stream reconnected', () => userConnects(h) > connectsBefore);
    await runner.checkStreams(); // a second poll after the reconnect (the stream's own back-fill runs too)
    assert.equal(await storedFills(h), 2, 'polled again: still applied exactly once');
    assert.ok((await h.store.listIncidents()).some((incident) => incident.kind === 'USER_STREAM_DISCONNECTED'), 'the outage is recorded');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);

    await waitFor('the kline stream resubscribed', () => klineSubscribes(h) > subscribesBefore || h.sim.marketSubscriptions().some((streams) => streams.some((stream) => stream.includes('@kline_'))));
    await streamBar(h, feed, 0);
    const flat = await runner.onBarClose();
    assert.deepEqual(flat.orders, [], 'already flat: no exit is sent for a position the stop closed');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});

describe('disconnects and listen keys while trading (RELIABILITY cases 31 and 32)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 31: a forced disconnect of every socket reconnects and resubscribes once; the exit after it fills over the new user stream', async () => {
    const { runner, feed } = await wsRunner(h);
    await enterLong(h, runner, feed);
    const subscribesBefore = klineSubscribes(h);
    const connectsBefore = userConnects(h);
    h.sim.dropWebsockets();
    await waitFor('the kline stream resubscribed', () => klineSubscribes(h) === subscribesBefore + 1);
    await waitFor('the user stream reconnected', () => userConnects(h) === connectsBefore + 1);
    await streamBar(h, feed, 0);
    const exit = await runner.onBarClose();
    assert.deepEqual(exit.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['SELL MARKET true']);
    await waitFor('the exit fill in the store', async () => (await storedFills(h)) === 2);
    assert.equal(klineSubscribes(h), subscribesBefore + 1, 'one SUBSCRIBE for the one reconnect: idempotent, no storm');
    assert.equal(userConnects(h), connectsBefore + 1, 'one user-stream connection for the one reconnect');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 31: sockets that stop answering pings are dropped by the keep-alive and replaced; trading goes on with nothing lost', async () => {
    const { runner, feed } = await wsRunner(h, { keepAliveMs: 150 });
    await enterLong(h, runner, feed);
    const subscribesBefore = klineSubscribes(h);
    const connectsBefore = userConnects(h);
    h.sim.inject({ kind: 'stopPongs' });
    await waitFor('the kline stream resubscribed on a new socket', () => klineSubscribes(h) > subscribesBefore);
    await waitFor('the user stream reconnected', () => userConnects(h) > connectsBefore);
    assert.ok(klineSubscribes(h) <= subscribesBefore + 2, `resubscribed without a storm, ${klineSubscribes(h) - subscribesBefore} SUBSCRIBE`);
    await streamBar(h, feed, 0);
    await runner.onBarClose();
    await waitFor('the exit fill in the store', async () => (await storedFills(h)) === 2);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 32: an expired listenKey gets a new key and a reconnect; the fill that lands meanwhile is back-filled, none missed or doubled', async () => {
    const { runner, feed, time } = await wsRunner(h);
    await enterLong(h, runner, feed);
    const keysBefore = h.sim.requests().filter((request) => request.method === 'POST' && request.path === '/fapi/v1/listenKey').length;
    h.sim.expireListenKeys();
    // The exit fills right away, possibly before the new key's stream is up.
    await streamBar(h, feed, 0);
    await runner.onBarClose();
    await waitFor('a new listenKey', () => h.sim.requests().filter((request) => request.method === 'POST' && request.path === '/fapi/v1/listenKey').length > keysBefore);
    await waitFor('the exit fill in the store (stream or back-fill)', async () => {
      if ((await storedFills(h)) === 2) return true;
      await runner.checkStreams();
      return false;
    });
    assert.ok((await h.store.listIncidents()).some((incident) => incident.kind === 'USER_STREAM_DISCONNECTED'), 'the expiry is recorded');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);

    // The new stream carries fills again.
    await waitFor('the user stream on the new key', () => userConnects(h) >= 2);
    time.offsetMs += 2_000;
    await streamBar(h, feed, 1);
    const reentry = await runner.onBarClose();
    assert.deepEqual(reentry.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'a new entry and its stop');
    await waitFor('the new entry fill over the new stream', async () => (await storedFills(h)) === 3);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
