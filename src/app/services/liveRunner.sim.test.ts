import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { LiveStartRefusedError } from '../../engine/live/liveTypes.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

const orderPosts = (h: LiveHarness, since = 0) => h.sim.requests().slice(since).filter((request) => request.method === 'POST' && (request.path === '/fapi/v1/order' || request.path === '/fapi/v1/algoOrder'));

describe('live runner against the local venue (real ccxt client, SQLite store)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('enters on a long target with a reduce-only protective stop, then exits and removes the stop', async () => {
    const runner = h.runner();
    await runner.start();
    assert.equal(runner.readiness, 'READY', 'a clean venue reconciles at once');
    h.pushBar(1);
    const entry = await runner.onBarClose();
    assert.deepEqual(entry.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['BUY MARKET false', 'SELL STOP_MARKET true'], 'entry then its protective stop');
    const position = h.sim.state().positions.find((candidate) => candidate.symbol === 'BTCUSDT');
    assert.equal(position?.positionAmt, 0.008, '0.05 × 10000 / 60000 floored to the 0.001 lot');
    const stop = h.sim.state().orders.find((order) => order.isAlgo && order.status === 'NEW');
    assert.equal(stop?.stopPrice, 59_500, 'stop 500 below the entry');
    assert.equal(stop?.reduceOnly, true);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    h.pushBar(1);
    const hold = await runner.onBarClose();
    assert.equal(hold.orders.length, 0, 'an unchanged target sends nothing (no duplicate stop either)');
    h.pushBar(0);
    const exit = await runner.onBarClose();
    assert.deepEqual(exit.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['SELL MARKET true'], 'the exit is reduce-only');
    assert.equal(h.sim.state().positions.length, 0, 'flat at the venue');
    assert.equal(h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW').length, 0, 'the stop was cancelled with the position');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('--dry-run computes the orders and sends none', async () => {
    const runner = h.runner({ dryRun: true });
    await runner.start();
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    assert.deepEqual(outcome.orders.map((order) => `${order.side} ${order.type} ${order.quantity}${order.reduceOnly ? ' reduce-only' : ''}`), ['BUY MARKET 0.008', 'SELL STOP_MARKET 0.008 reduce-only'], 'the entry and the stop it would send are reported');
    assert.equal(orderPosts(h, before).length, 0, 'no order reached the venue');
    assert.equal(h.sim.requests().filter((request) => request.method === 'POST' && /marginType|leverage|countdownCancelAll/.test(request.path)).length, 0, 'no venue setting changed');
    assert.equal(h.sim.state().positions.length, 0, 'the account is still flat');
    assert.equal((await h.store.listIntents({ account: ACCOUNT })).length, 0, 'nothing stored as if sent');
    assert.equal((await h.store.listEquitySnapshots(ACCOUNT)).length, 0, 'nor any other record of the dry run');
    assert.equal(await h.store.loadTradingState(ACCOUNT), undefined);
    h.pushBar(1);
    const hold = await runner.onBarClose();
    assert.equal(runner.readiness, 'READY', 'the next bar reconciles against what the dry run assumed sent');
    assert.deepEqual(hold.orders, [], 'and holds: the entry it would have made is taken as made');
    await runner.stop();
  });

  test('RELIABILITY case 16: sets isolated margin and the configured leverage over drifted settings, and refuses hedge mode', async () => {
    const client = h.gateway();
    await client.connect();
    const raw = (client as unknown as { exchange: { setMarginMode(m: string, s: string): Promise<unknown>; setLeverage(l: number, s: string): Promise<unknown>; setPositionMode(h: boolean): Promise<unknown> } }).exchange;
    await raw.setMarginMode('cross', 'BTC/USDT:USDT').catch(() => undefined); // CROSSED is the venue's default
    await raw.setLeverage(20, 'BTC/USDT:USDT');
    const runner = h.runner();
    await runner.start();
    assert.equal(h.sim.state().marginType.BTCUSDT, 'ISOLATED', 'CROSSED drift is set back to ISOLATED');
    assert.equal(h.sim.state().leverage.BTCUSDT, 1, '20× drift is set back to the configured 1×');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
    await raw.setPositionMode(true);
    const before = h.sim.requests().length;
    await assert.rejects(h.runner({ lockTtlMs: 1 }).start(), (error: unknown) => error instanceof LiveStartRefusedError && error.code === 'POSITION_MODE', 'hedge mode is detected and refused');
    assert.equal(orderPosts(h, before).length, 0, 'the refused start sent no order');
    assert.equal(h.sim.requests().slice(before).filter((request) => request.method === 'POST' && /marginType|leverage/.test(request.path)).length, 0, 'nor changed a venue setting');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });

  test('RELIABILITY case 17: a HALTED account sends no orders after a restart', async () => {
    await h.store.recordTradingState({ account: ACCOUNT, atMs: Date.now(), state: 'HALTED', reason: 'kill switch', actor: 'operator' });
    const runner = h.runner();
    await runner.start();
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    assert.equal(outcome.skipped, 'HALTED');
    assert.equal(orderPosts(h, before).length, 0, 'no order went out');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 18: a second instance on the same account and store refuses to start', async () => {
    const first = h.runner();
    await first.start();
    const before = h.sim.requests().length;
    await assert.rejects(h.runner().start(), (error: unknown) => error instanceof LiveStartRefusedError && error.code === 'LOCKED', 'the lock is held');
    assert.equal(h.sim.requests().length, before, 'the refused instance did not even reach the venue');
    h.pushBar(1);
    const outcome = await first.onBarClose();
    assert.deepEqual(outcome.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'the first instance trades alone');
    assert.equal(h.sim.state().orders.length, 2, 'one entry and one stop at the venue: no second runner doubled them');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await first.stop();
  });
});
