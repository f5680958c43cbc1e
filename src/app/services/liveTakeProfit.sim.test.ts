import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import type { SimOrder } from '../../adapters/exchange/venueSim/venueSimTypes.ts';
import type { LiveAccountRunner } from '../../engine/live/liveAccountRunner.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';
import { StreamBarsFeed } from './liveStreamFeed.ts';

// Off the 0.1 tick grid on purpose: the take-profit price must be rounded onto it, away from the entry.
const TAKE_PROFIT_DISTANCE = 700.05;
const STOP_DISTANCE = 500;

/** The conditional order placed as `type` (a triggered one becomes a MARKET order at the venue). */
function placedAs(h: LiveHarness, type: 'STOP_MARKET' | 'TAKE_PROFIT_MARKET'): SimOrder[] {
  return h.sim.state().orders.filter((order) => order.isAlgo && (order.origType ?? order.type) === type);
}

function resting(h: LiveHarness): SimOrder[] {
  return h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW');
}

/** The venue's entry price of the BTCUSDT position (what the runner sets both exits from). */
function entryPrice(h: LiveHarness): Decimal {
  const position = h.sim.state().positions.find((candidate) => candidate.symbol === 'BTCUSDT');
  assert.ok(position !== undefined, 'a position is open');
  return new Decimal(position.entryPrice);
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 8_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A runner on websocket streams (as `run --real --ws` wires it), started with its streams up: the fill
 * of a take-profit or stop reaches the store over the user stream, as it does in production.
 */
async function wsRunner(h: LiveHarness): Promise<{ runner: LiveAccountRunner; feed: StreamBarsFeed; time: { offsetMs: number } }> {
  const gateway = h.gateway();
  const feed = new StreamBarsFeed(gateway);
  // Real time plus offsetMs: a re-entry moves it past the risk engine's 1 s duplicate-order window.
  const time = { offsetMs: 0 };
  const runner = h.runner({ gateway, ws: { feed }, clock: { nowMs: () => Date.now() + time.offsetMs } });
  await runner.start();
  const events = () => h.sim.wsEvents();
  await waitFor('the kline subscription', () => events().some((event) => event.method === 'SUBSCRIBE' && (event.params ?? []).some((stream) => stream.includes('@kline_'))));
  await waitFor('the user stream', () => events().some((event) => event.kind === 'connect' && event.path.includes('/private')));
  return { runner, feed, time };
}

/** A closed bar carrying the scripted target at `close`, and the next bar's first update: the stream closes a bar when the next opens. */
async function streamBar(h: LiveHarness, feed: StreamBarsFeed, targetCode: number, close = 60_000): Promise<void> {
  const openTimeMs = h.nextBarMs;
  h.pushBar(targetCode, close);
  h.sim.pushCandle('BTCUSDT', { openTimeMs: h.nextBarMs, open: close, high: close, low: close, close, volume: targetCode, closed: false });
  await waitFor(`bar ${openTimeMs} closed on the stream`, () => feed.lastClosedOpenMs('BTCUSDT') === openTimeMs);
}

async function storedStatus(h: LiveHarness, clientOrderId: string | undefined): Promise<string | undefined> {
  return clientOrderId === undefined ? undefined : (await h.store.getOrder(clientOrderId))?.status;
}

describe('live take-profit beside the protective stop (issue 19)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness({ takeProfitDistance: TAKE_PROFIT_DISTANCE });
  });
  afterEach(async () => {
    await h.close();
  });

  test('after a long entry a reduce-only SELL stop and a reduce-only SELL take-profit rest at the fill price ∓ their distances, the take-profit rounded up onto the tick grid', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    const entry = entryPrice(h);
    const quantity = h.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt;
    const rest = resting(h).map((order) => [order.type, order.side, order.stopPrice, order.origQty, order.reduceOnly]).sort();
    const takeProfitPrice = entry.plus(TAKE_PROFIT_DISTANCE).div('0.1').ceil().times('0.1').toNumber();
    assert.notEqual(takeProfitPrice, entry.plus(TAKE_PROFIT_DISTANCE).toNumber(), 'the raw level is off the grid, so the rounding is exercised');
    assert.deepEqual(rest, [['STOP_MARKET', 'SELL', entry.minus(STOP_DISTANCE).toNumber(), quantity, true], ['TAKE_PROFIT_MARKET', 'SELL', takeProfitPrice, quantity, true]]);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('after a short entry the BUY take-profit is rounded down, below the fill price', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(2);
    await runner.onBarClose();
    const entry = entryPrice(h);
    const takeProfit = placedAs(h, 'TAKE_PROFIT_MARKET');
    assert.equal(takeProfit.length, 1);
    assert.equal(takeProfit[0]?.side, 'BUY');
    assert.equal(takeProfit[0]?.stopPrice, entry.minus(TAKE_PROFIT_DISTANCE).div('0.1').floor().times('0.1').toNumber());
    assert.equal(placedAs(h, 'STOP_MARKET')[0]?.stopPrice, entry.plus(STOP_DISTANCE).toNumber());
    await runner.stop();
  });

  test('price through the take-profit closes the position; at the next bar the stop is cancelled and the store matches the venue', async () => {
    const { runner, feed } = await wsRunner(h);
    await streamBar(h, feed, 1);
    await runner.onBarClose();
    const [takeProfit] = placedAs(h, 'TAKE_PROFIT_MARKET');
    const takeProfitPrice = takeProfit?.stopPrice ?? Number.NaN;
    h.sim.setPrice('BTCUSDT', takeProfitPrice + 50);
    assert.equal(h.sim.state().positions.length, 0, 'the take-profit closed the position');
    assert.equal(placedAs(h, 'TAKE_PROFIT_MARKET')[0]?.status, 'FILLED');
    await waitFor('the take-profit fill in the store', async () => (await storedStatus(h, takeProfit?.clientOrderId)) === 'FILLED');
    await streamBar(h, feed, 0, takeProfitPrice + 50);
    await runner.onBarClose();
    assert.equal(placedAs(h, 'STOP_MARKET')[0]?.status, 'CANCELED', 'the stop no longer protects anything: cancelled');
    assert.deepEqual(resting(h), [], 'nothing rests');
    assert.equal(h.sim.state().positions.length, 0, 'no re-entry');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('price through the stop closes the position; at the next bar the take-profit is cancelled', async () => {
    const { runner, feed } = await wsRunner(h);
    await streamBar(h, feed, 1);
    await runner.onBarClose();
    const [stop] = placedAs(h, 'STOP_MARKET');
    const stopPrice = stop?.stopPrice ?? Number.NaN;
    h.sim.setPrice('BTCUSDT', stopPrice - 50);
    assert.equal(h.sim.state().positions.length, 0, 'the stop closed the position');
    await waitFor('the stop fill in the store', async () => (await storedStatus(h, stop?.clientOrderId)) === 'FILLED');
    await streamBar(h, feed, 0, stopPrice - 50);
    await runner.onBarClose();
    assert.equal(placedAs(h, 'STOP_MARKET')[0]?.status, 'FILLED');
    assert.equal(placedAs(h, 'TAKE_PROFIT_MARKET')[0]?.status, 'CANCELED', 'the take-profit was cancelled');
    assert.deepEqual(resting(h), []);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('a re-entry after the take-profit filled gets a fresh stop and take-profit at the new entry, the old stop cancelled first', async () => {
    const { runner, feed, time } = await wsRunner(h);
    await streamBar(h, feed, 1);
    await runner.onBarClose();
    const [oldStop] = placedAs(h, 'STOP_MARKET');
    const [takeProfit] = placedAs(h, 'TAKE_PROFIT_MARKET');
    h.sim.setPrice('BTCUSDT', (takeProfit?.stopPrice ?? Number.NaN) + 50);
    await waitFor('the take-profit fill in the store', async () => (await storedStatus(h, takeProfit?.clientOrderId)) === 'FILLED');
    time.offsetMs += 2_000;
    await streamBar(h, feed, 1, 61_000);
    await runner.onBarClose();
    const entry = entryPrice(h);
    assert.equal((await h.store.getOrder(oldStop?.clientOrderId ?? ''))?.status, 'CANCELED', 'the stop of the closed position was cancelled');
    const rest = resting(h).map((order) => [order.type, order.side, order.stopPrice]).sort();
    assert.deepEqual(rest, [['STOP_MARKET', 'SELL', entry.minus(STOP_DISTANCE).toNumber()], ['TAKE_PROFIT_MARKET', 'SELL', entry.plus(TAKE_PROFIT_DISTANCE).div('0.1').ceil().times('0.1').toNumber()]]);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('an exit by the strategy cancels both the stop and the take-profit', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    h.pushBar(0);
    await runner.onBarClose();
    assert.equal(h.sim.state().positions.length, 0);
    assert.deepEqual(placedAs(h, 'STOP_MARKET').concat(placedAs(h, 'TAKE_PROFIT_MARKET')).map((order) => order.status), ['CANCELED', 'CANCELED']);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('a take-profit missing at a restart is placed again at the same price, the stop left as it is', async () => {
    const first = h.runner();
    await first.start();
    h.pushBar(1);
    await first.onBarClose();
    const [takeProfit] = placedAs(h, 'TAKE_PROFIT_MARKET');
    const stopId = placedAs(h, 'STOP_MARKET')[0]?.clientOrderId;
    await first.stop();
    assert.ok(takeProfit !== undefined);
    // Gone while no runner watched (cancelled by hand at the venue).
    const gateway = h.gateway();
    await gateway.connect();
    await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: takeProfit.clientOrderId, conditional: true });
    assert.equal(placedAs(h, 'TAKE_PROFIT_MARKET').filter((order) => order.status === 'NEW').length, 0);
    await h.reopenStore();
    const second = h.runner();
    await second.start();
    h.pushBar(1);
    await second.onBarClose();
    const again = resting(h).filter((order) => order.type === 'TAKE_PROFIT_MARKET');
    assert.deepEqual(again.map((order) => [order.side, order.stopPrice, order.origQty]), [[takeProfit.side, takeProfit.stopPrice, takeProfit.origQty]], 'the same take-profit rests again');
    assert.notEqual(again[0]?.clientOrderId, takeProfit.clientOrderId, 'a new order, not the cancelled one');
    assert.deepEqual(resting(h).filter((order) => order.type === 'STOP_MARKET').map((order) => order.clientOrderId), [stopId], 'the stop untouched');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await second.stop();
  });
});
