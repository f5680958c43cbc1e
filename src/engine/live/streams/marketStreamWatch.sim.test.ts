import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CcxtExchangeGateway } from '../../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createCcxtClientForVenueSim, type VenueSimCcxtClient } from '../../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type SimCandle, type VenueSim } from '../../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../../adapters/exchange/venueSim/venueSimFixtures.ts';
import type { VenueCandle } from '../../../ports/exchangeGateway.ts';
import { MarketStreamWatch } from './marketStreamWatch.ts';

const MINUTE_MS = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MINUTE_MS);
const STREAM = 'btcusdt@kline_1m';

async function waitFor(what: string, condition: () => boolean, limitMs = 4_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function bar(index: number, closed: boolean): SimCandle {
  const price = 60000 + index;
  return { openTimeMs: T0 + index * MINUTE_MS, open: price, high: price + 5, low: price - 5, close: price, volume: 1, closed };
}

/** A venue, a real ccxt.pro client through the gateway, and a watch on BTCUSDT 1m with an injected clock. */
async function setUp(keepAliveMs?: number) {
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  const exchange: VenueSimCcxtClient = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
  if (keepAliveMs !== undefined) exchange.streaming = { ...exchange.streaming, keepAlive: keepAliveMs };
  // The reconnect delays the stream asks for are recorded and shortened: the schedule is asserted, not waited.
  const requestedSleepsMs: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    requestedSleepsMs.push(ms);
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
  };
  const gateway = new CcxtExchangeGateway(exchange, { venue: 'binanceusdm', apiKey: API_KEY, secret: API_SECRET, testnet: false, sleep });
  await gateway.connect();
  const clock = { ms: T0 + MINUTE_MS + 10_000 };
  const closedBars: number[] = [];
  const formingBars: VenueCandle[] = [];
  const staleChanges: boolean[] = [];
  const watch = new MarketStreamWatch({
    gateway,
    clock: { nowMs: () => clock.ms },
    symbol: 'BTCUSDT',
    timeframe: '1m',
    onCandle: (candle, closed) => {
      if (closed) closedBars.push((candle.openTimeMs - T0) / MINUTE_MS);
      else formingBars.push(candle);
    },
    onStaleChange: (stale) => staleChanges.push(stale),
  });
  const subscribes = (): number => sim.wsEvents().filter((e) => e.kind === 'message' && e.method === 'SUBSCRIBE').length;
  const marketConnects = (): number => sim.wsEvents().filter((e) => e.kind === 'connect' && e.path.startsWith('/market/')).length;
  watch.start();
  await waitFor('the first subscription at the venue', () => subscribes() === 1);
  // Bar 0 closes once bar 1 is seen on the stream.
  sim.pushCandle('BTCUSDT', bar(0, false));
  sim.pushCandle('BTCUSDT', bar(1, false));
  await waitFor('bar 0 closed', () => closedBars.length === 1);
  const tearDown = async (): Promise<void> => {
    await watch.stop();
    await gateway.close();
    await sim.close();
  };
  return { sim, exchange, gateway, watch, clock, closedBars, formingBars, staleChanges, subscribes, marketConnects, requestedSleepsMs, tearDown };
}

describe('MarketStreamWatch against the local venue: silent feed (case 29)', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  before(async () => {
    env = await setUp();
  });
  after(async () => {
    await env.tearDown();
  });

  test('turns stale after staleAfterMs of silence, resubscribes, back-fills the missed closed bars once, and clears when data flows', async () => {
    const { sim, watch, clock, closedBars, staleChanges } = env;
    const lastDataMs = clock.ms;
    sim.inject({ kind: 'silentFeed' });
    // Bars 1 and 2 close while the socket is open but silent; the venue still serves them over REST.
    sim.pushCandle('BTCUSDT', bar(1, true));
    sim.pushCandle('BTCUSDT', bar(2, true));
    sim.pushCandle('BTCUSDT', bar(3, false));
    clock.ms = lastDataMs + 29_000;
    assert.equal(await watch.checkStaleness(), false, '29 s of silence is not yet stale');
    assert.equal(watch.reconnectCount, 0, 'a feed that is not stale is left alone');
    clock.ms = T0 + 3 * MINUTE_MS + 10_000;
    const klinesBefore = sim.requests().filter((r) => r.path === '/fapi/v1/klines').length;
    assert.equal(await watch.checkStaleness(), true, 'two minutes of silence is stale: no new entries');
    assert.deepEqual(staleChanges, [true], 'the stale event fired once');
    assert.equal(watch.reconnectCount, 1, 'the silent feed was torn down and subscribed again');
    assert.deepEqual(closedBars, [0, 1, 2], 'the REST back-fill delivered the bars that closed during the silence, in order');
    assert.equal(sim.requests().filter((r) => r.path === '/fapi/v1/klines').length - klinesBefore, 1, 'one back-fill request');

    await waitFor('the resubscription at the venue', () => env.subscribes() === 2);
    assert.equal(watch.isStale(), true, 'a REST back-fill does not prove the feed is alive');
    sim.pushCandle('BTCUSDT', bar(3, false));
    await waitFor('data on the new socket', () => staleChanges.length === 2);
    assert.equal(watch.isStale(), false, 'fresh stream data clears the stale flag');
    sim.pushCandle('BTCUSDT', bar(4, false));
    await waitFor('bar 3 closed on the stream', () => closedBars.length >= 4);
    assert.deepEqual(closedBars, [0, 1, 2, 3], 'no closed bar lost or delivered twice');
    assert.deepEqual(staleChanges, [true, false], 'one stale event, one recovery event');
    assert.equal(env.marketConnects(), 2, 'one new connection for the one reconnect');
  });
});

describe('MarketStreamWatch against the local venue: forced disconnects (case 31)', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  before(async () => {
    env = await setUp();
  });
  after(async () => {
    await env.tearDown();
  });

  test('each forced disconnect reconnects, back-fills over REST and resubscribes once, with at least 250 ms between attempts', async () => {
    const { sim, closedBars, requestedSleepsMs } = env;
    for (let round = 0; round < 2; round += 1) {
      const next = 1 + 2 * round;
      const subscribesBefore = env.subscribes();
      const sleepsBefore = requestedSleepsMs.length;
      sim.dropWebsockets();
      // While disconnected, bar `next` closes and `next + 1` opens: only the REST back-fill can bring them.
      sim.pushCandle('BTCUSDT', bar(next, true));
      sim.pushCandle('BTCUSDT', bar(next + 1, false));
      await waitFor(`resubscription ${round + 1}`, () => env.subscribes() === subscribesBefore + 1);
      await waitFor(`bar ${next} back-filled`, () => closedBars.includes(next));
      sim.pushCandle('BTCUSDT', bar(next + 2, false));
      await waitFor(`bar ${next + 1} closed on the new socket`, () => closedBars.includes(next + 1));
      const delays = requestedSleepsMs.slice(sleepsBefore);
      assert.ok(delays.length >= 1 && delays.every((ms) => ms >= 250), `reconnect waits at least 250 ms (under 10 msgs/s), asked ${delays.join(', ')}`);
      assert.ok(delays.reduce((sum, ms) => sum + ms, 0) <= 1_000, `reconnects within 1 s, asked ${delays.join(', ')}`);
    }
    assert.deepEqual(closedBars, [0, 1, 2, 3, 4], 'every bar closed exactly once across two disconnects');
    assert.equal(env.subscribes(), 3, 'one SUBSCRIBE for the first connection and one per reconnect');
    assert.equal(env.marketConnects(), 3, 'one connection per reconnect');
    for (const event of sim.wsEvents().filter((e) => e.method === 'SUBSCRIBE')) assert.deepEqual(event.params, [STREAM], 'the same single stream each time');
  });
});
