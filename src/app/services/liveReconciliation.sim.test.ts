import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

class SimulatedCrash extends Error {}
const venueOrdersOurs = (h: LiveHarness) => h.sim.state().orders.filter((order) => order.clientOrderId.startsWith('rp-') && !(order.origType === 'STOP_MARKET' && !order.isAlgo));

describe('live reconciliation at restart (real ccxt client, SQLite store)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness({ externalPolicy: 'cancel' });
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 2: an intent stored but never sent becomes NOT_SENT and is re-evaluated, not resent as is', async () => {
    const crashed = h.runner({ lockTtlMs: 1, hooks: { afterIntentStored: () => Promise.reject(new SimulatedCrash('kill -9 before send')) } });
    await crashed.start();
    h.pushBar(1);
    await assert.rejects(crashed.onBarClose(), SimulatedCrash);
    const [orphan] = await h.store.listIntents({ account: ACCOUNT });
    assert.equal(orphan?.state, 'NEW', 'the intent was persisted before the send');
    await h.reopenStore();
    const restarted = h.runner();
    const report = await restarted.start();
    assert.deepEqual(report?.notSent, [orphan.clientOrderId], 'no venue order after K look-ups: NOT_SENT');
    const outcome = await restarted.onBarClose();
    assert.notEqual(outcome.orders[0]?.clientOrderId, orphan.clientOrderId, 'the re-evaluated order has its own id');
    assert.equal(venueOrdersOurs(h).filter((order) => order.type === 'MARKET').length, 1, 'exactly one entry at the venue');
    assert.equal((await h.store.getIntent(orphan.clientOrderId))?.state, 'NOT_SENT');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await restarted.stop();
  });

  test('RELIABILITY case 3: an order sent but not recorded is found by client order id and attached with its fills', async () => {
    const crashed = h.runner({ lockTtlMs: 1, hooks: { afterOrderSent: () => Promise.reject(new SimulatedCrash('kill -9 after send')) } });
    await crashed.start();
    h.pushBar(1);
    await assert.rejects(crashed.onBarClose(), SimulatedCrash);
    const [sent] = await h.store.listIntents({ account: ACCOUNT });
    assert.equal((await h.store.getOrder(sent.clientOrderId))?.status, 'PENDING_SEND', 'recorded before the send; the crash lost the answer');
    await h.reopenStore();
    const restarted = h.runner();
    const report = await restarted.start();
    assert.deepEqual(report?.attached, [sent.clientOrderId], 'found at the venue and attached');
    const outcome = await restarted.onBarClose();
    assert.deepEqual(outcome.orders.map((order) => order.type), ['STOP_MARKET'], 'no second entry; the missing protective stop is placed');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await restarted.stop();
  });

  test('RELIABILITY case 14: a stored NEW stop that FILLED while down gets its fills; a foreign order is cancelled, a foreign position halts', async () => {
    const first = h.runner({ lockTtlMs: 1 });
    await first.start();
    h.pushBar(1);
    await first.onBarClose();
    const stop = venueOrdersOurs(h).find((order) => order.isAlgo);
    assert.ok(stop !== undefined, 'a protective stop rests at the venue');
    // Down time: the stop triggers, someone trades by hand.
    h.sim.setPrice('BTCUSDT', 59_000);
    const foreign = h.gateway();
    await foreign.connect();
    const raw = (foreign as unknown as { exchange: { createOrder(...args: unknown[]): Promise<unknown> } }).exchange;
    await raw.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 50_000, { newClientOrderId: 'manual-1' });
    await raw.createOrder('ETH/USDT:USDT', 'market', 'buy', 0.1);
    assert.equal((await h.store.getOrder(stop.clientOrderId))?.status, 'NEW', 'the store still thinks the stop rests');
    await h.reopenStore();
    const restarted = h.runner();
    const report = await restarted.start();
    assert.equal((await h.store.getOrder(stop.clientOrderId))?.status, 'FILLED', 'the venue state is applied');
    assert.deepEqual(report?.externalOrders, ['manual-1'], 'the foreign order is flagged');
    assert.equal(h.sim.state().orders.find((order) => order.clientOrderId === 'manual-1')?.status, 'CANCELED', 'cancel policy');
    assert.deepEqual(report?.externalPositions, ['ETHUSDT']);
    const kinds = (await h.store.listIncidents()).map((incident) => incident.kind);
    assert.ok(kinds.includes('EXTERNAL_ORDER') && kinds.includes('EXTERNAL_POSITION'), `incidents recorded, were ${kinds.join(', ')}`);
    assert.equal((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED', 'unresolved foreign position: fail closed');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await restarted.stop();
  });

  test('RELIABILITY case 15: a position query that times out leaves the account NOT_READY, never flat', async () => {
    h.sim.inject({ kind: 'timeout', path: '/fapi/v3/positionRisk' });
    h.sim.inject({ kind: 'timeout', path: '/fapi/v2/positionRisk' });
    const runner = h.runner({ gateway: h.gateway({ timeoutMs: 500 }) });
    await runner.start();
    assert.equal(runner.readiness, 'NOT_READY');
    const before = h.sim.requests().filter((request) => request.method === 'POST' && request.path === '/fapi/v1/order').length;
    h.sim.inject({ kind: 'timeout', path: '/fapi/v3/positionRisk' });
    h.sim.inject({ kind: 'timeout', path: '/fapi/v2/positionRisk' });
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    assert.equal(outcome.skipped, 'NOT_READY', 'no trading until a reconciliation completes');
    assert.equal(h.sim.requests().filter((request) => request.method === 'POST' && request.path === '/fapi/v1/order').length, before, 'no order sent');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 15: an open-orders query that times out at restart leaves the account NOT_READY; it never assumes no order rests', async () => {
    const first = h.runner({ lockTtlMs: 1 });
    await first.start();
    h.pushBar(1);
    await first.onBarClose();
    assert.equal(venueOrdersOurs(h).filter((order) => order.isAlgo && order.status === 'NEW').length, 1, 'a protective stop rests');
    await h.reopenStore();
    h.sim.inject({ kind: 'timeout', path: '/fapi/v1/openOrders', count: 1_000 });
    const runner = h.runner({ gateway: h.gateway({ timeoutMs: 500 }) });
    await runner.start();
    assert.equal(runner.readiness, 'NOT_READY', 'open orders unknown: not ready');
    const posts = () => h.sim.requests().filter((request) => request.method === 'POST' && (request.path === '/fapi/v1/order' || request.path === '/fapi/v1/algoOrder')).length;
    const before = posts();
    h.pushBar(1);
    assert.equal((await runner.onBarClose()).skipped, 'NOT_READY', 'no trading on an unread order book');
    assert.equal(posts(), before, 'no order sent, in particular no second stop');
    h.sim.clearFaults();
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    assert.equal(runner.readiness, 'READY');
    assert.deepEqual(outcome.orders, [], 'the resting stop was found: nothing to add');
    assert.equal(venueOrdersOurs(h).filter((order) => order.isAlgo && order.status === 'NEW').length, 1, 'still exactly one stop');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
