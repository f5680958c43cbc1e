// RELIABILITY.md §6 cases 1, 2, 3, 6 and 43 past the look-up window: an order the venue accepted while
// look-ups by client order id still answer "does not exist" is found in the venue's own record (its
// orders and trades by time window) and attached with its fill, never marked NOT_SENT nor its fill
// counted as foreign. A real ccxt binanceusdm client against the local venue and a SQLite store; every
// test ends with store and venue in agreement.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { syncFills } from '../../engine/live/venueBookkeeping.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

/** The venue's "order does not exist" lag, scaled down from the 100 s seen in the field. */
const LAG_MS = 5_000;
const LOOKUPS = { lookupAttempts: 3, lookupWindowMs: 1_000 };
const ORDER_GET = (request: { method: string; path: string }): boolean => request.method === 'GET' && request.path === '/fapi/v1/order';
const RECORD_GET = (request: { method: string; path: string }): boolean => request.method === 'GET' && /^\/fapi\/v1\/(allOrders|allAlgoOrders|userTrades)$/.test(request.path);

class SimulatedCrash extends Error {}

describe('unknown outcome past the look-up window, resolved by the venue record (RELIABILITY cases 1, 3, 6)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const lagRunner = () => h.runner({ gateway: h.gateway({ submission: LOOKUPS }), live: LOOKUPS });
  /**
   * Bar 1's entry: accepted, the answer lost (503), look-ups by client order id answering -2013 for
   * LAG_MS, and the venue's order record unanswered at the send, so the outcome is left to reconciliation.
   */
  async function enterUnderLag(runner: ReturnType<LiveHarness['runner']>) {
    await runner.start();
    h.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    h.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    h.sim.inject({ kind: 'http5xx', status: 503, path: 'GET /fapi/v1/allOrders' });
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined && entry.type === 'MARKET', 'the entry went out');
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'UNKNOWN', 'no order found by client order id inside the window: UNKNOWN');
    return entry;
  }

  test('RELIABILITY case 6: our FILLED order that look-ups still call "does not exist" is attached from the venue record with its fill once: no NOT_SENT, no foreign fill, no HALT, and its stop is placed', async () => {
    const runner = lagRunner();
    const entry = await enterUnderLag(runner);
    const before = h.sim.requests().length;
    h.pushBar(1);
    const next = await runner.onBarClose();
    const asked = h.sim.requests().slice(before);
    const lookups = asked.filter(ORDER_GET);
    assert.ok(lookups.length >= LOOKUPS.lookupAttempts && lookups.every((request) => request.status === 400), `reconciliation's look-ups still answered "does not exist", were ${lookups.map((request) => request.status).join(', ')}`);
    assert.ok(asked.some((request) => request.path === '/fapi/v1/allOrders' && /startTime=\d+/.test(request.query)), 'the account\'s orders were asked for by time window');
    const stored = await h.store.getOrder(entry.clientOrderId);
    const atVenue = h.sim.state().orders.find((order) => order.clientOrderId === entry.clientOrderId);
    assert.equal(stored?.status, 'FILLED', 'the venue\'s state, not REJECTED');
    assert.equal(stored?.venueOrderId, String(atVenue?.orderId), 'linked to the venue order');
    assert.equal((await h.store.getIntent(entry.clientOrderId))?.state, 'SENT', 'never NOT_SENT');
    const fills = (await h.store.listFills({ account: ACCOUNT })).filter((fill) => fill.clientOrderId === entry.clientOrderId);
    assert.equal(fills.length, 1, 'the fill applied once, as ours');
    assert.equal((await h.store.listFills({ account: ACCOUNT })).filter((fill) => fill.clientOrderId === null).length, 0, 'no fill counted as foreign');
    const kinds = (await h.store.listIncidents()).map((incident) => incident.kind);
    assert.ok(!kinds.includes('EXTERNAL_FILLS'), `no EXTERNAL_FILLS incident, were ${kinds.join(', ')}`);
    assert.notEqual((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED', 'no HALT');
    assert.deepEqual(next.orders.map((order) => order.type), ['STOP_MARKET'], 'no second entry; the protective stop follows');
    assert.ok(h.sim.state().orders.some((order) => order.isAlgo && order.type === 'STOP_MARKET' && order.status === 'NEW' && order.reduceOnly), 'the position has its protective stop at the venue');
    assert.equal(h.sim.state().orders.filter((order) => order.clientOrderId === entry.clientOrderId).length, 1, 'never re-sent');
    await runner.stop();
    await h.reopenStore();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });

  test('RELIABILITY cases 1 and 6: the send itself finds the order in the venue record when its look-ups still say "does not exist": FILLED, and its stop goes on in the same bar', async () => {
    const runner = lagRunner();
    await runner.start();
    h.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    h.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const asked = h.sim.requests().slice(before);
    assert.equal(asked.filter(ORDER_GET).length, LOOKUPS.lookupAttempts, 'K look-ups, all "does not exist"');
    assert.ok(asked.some((request) => request.path === '/fapi/v1/allOrders' && request.status === 200), 'then the venue\'s orders since the send');
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined);
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'FILLED');
    assert.deepEqual(outcome.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'the outcome was established at the send, so the stop followed at once');
    assert.equal(runner.readiness, 'READY');
    assert.ok(!(await h.store.listIncidents()).some((incident) => incident.kind === 'EXTERNAL_FILLS'));
    await runner.stop();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });

  test('a fill whose order is stored UNKNOWN is ours: the fill sync attaches the order through the venue record before counting anything foreign', async () => {
    const runner = lagRunner();
    const entry = await enterUnderLag(runner);
    const gateway = h.gateway();
    await gateway.connect();
    const synced = await syncFills(gateway, h.store, ACCOUNT, 'BTCUSDT');
    assert.deepEqual(synced.external, [], 'the trade names our order: not foreign');
    assert.equal(synced.applied, 1);
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'FILLED', 'the order attached with the venue\'s state');
    assert.equal((await syncFills(gateway, h.store, ACCOUNT, 'BTCUSDT')).applied, 0, 'a repeated sync applies nothing again');
    h.pushBar(1);
    const next = await runner.onBarClose();
    assert.deepEqual(next.orders.map((order) => order.type), ['STOP_MARKET']);
    assert.notEqual((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED');
    await runner.stop();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });

  test('an order an earlier run wrongly stored REJECTED / NOT_SENT is attached with its fill when the venue record shows it, instead of halting on a foreign fill', async () => {
    const runner = lagRunner();
    const entry = await enterUnderLag(runner);
    // What a run without the venue-record search stored after its look-ups (the field report).
    const atMs = Date.now();
    const order = await h.store.getOrder(entry.clientOrderId);
    assert.ok(order !== undefined);
    await h.store.recordOrderUpdate({ ...order, status: 'REJECTED', atMs, reason: 'not found at the venue after 3 look-ups' });
    await h.store.setIntentState(entry.clientOrderId, 'NOT_SENT', atMs);
    h.pushBar(1);
    await runner.onBarClose();
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'FILLED');
    assert.equal((await h.store.getIntent(entry.clientOrderId))?.state, 'SENT', 'the venue\'s record overrides our not-found verdict');
    assert.ok(!(await h.store.listIncidents()).some((incident) => incident.kind === 'EXTERNAL_FILLS'), 'no EXTERNAL_FILLS incident');
    assert.notEqual((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED');
    assert.ok(h.sim.state().orders.some((candidate) => candidate.isAlgo && candidate.status === 'NEW'), 'the position has its protective stop');
    await runner.stop();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });

  test('RELIABILITY case 3: an order sent before a crash and still "does not exist" by client order id at restart is attached from the venue record', async () => {
    const crashed = h.runner({ lockTtlMs: 1, gateway: h.gateway({ submission: LOOKUPS }), live: LOOKUPS, hooks: { afterOrderSent: () => Promise.reject(new SimulatedCrash('kill -9 after send')) } });
    await crashed.start();
    h.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    h.pushBar(1);
    await assert.rejects(crashed.onBarClose(), SimulatedCrash);
    const [sent] = await h.store.listIntents({ account: ACCOUNT });
    assert.ok(sent !== undefined);
    await h.reopenStore();
    const restarted = lagRunner();
    const report = await restarted.start();
    assert.deepEqual(report?.attached, [sent.clientOrderId], 'found in the venue record and attached');
    assert.deepEqual(report?.notSent, []);
    assert.equal(report?.haltReason, undefined);
    const outcome = await restarted.onBarClose();
    assert.deepEqual(outcome.orders.map((order) => order.type), ['STOP_MARKET'], 'no second entry; the missing protective stop is placed');
    await restarted.stop();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });
});

describe('what the venue record must not change (RELIABILITY cases 2 and 43)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 2: an intent never sent is NOT_SENT only after the look-ups and the venue\'s orders and trades since it show nothing', async () => {
    const crashed = h.runner({ lockTtlMs: 1, hooks: { afterIntentStored: () => Promise.reject(new SimulatedCrash('kill -9 before send')) } });
    await crashed.start();
    h.pushBar(1);
    await assert.rejects(crashed.onBarClose(), SimulatedCrash);
    const [orphan] = await h.store.listIntents({ account: ACCOUNT });
    assert.ok(orphan !== undefined);
    await h.reopenStore();
    const before = h.sim.requests().length;
    const restarted = h.runner();
    const report = await restarted.start();
    const asked = h.sim.requests().slice(before);
    assert.deepEqual(report?.notSent, [orphan.clientOrderId], 'nothing at the venue: NOT_SENT');
    for (const path of ['/fapi/v1/allOrders', '/fapi/v1/allAlgoOrders', '/fapi/v1/userTrades']) assert.ok(asked.some((request) => request.path === path), `${path} was asked before the verdict`);
    assert.equal(h.sim.state().orders.filter((order) => order.clientOrderId === orphan.clientOrderId).length, 0, 'never sent');
    await restarted.stop();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });

  test('RELIABILITY case 43: a trade of a foreign order on a traded symbol still halts while one of our orders is unresolved, and ours is attached', async () => {
    const runner = h.runner({ gateway: h.gateway({ submission: LOOKUPS }), live: LOOKUPS });
    await runner.start();
    h.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    h.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    h.sim.inject({ kind: 'http5xx', status: 503, path: 'GET /fapi/v1/allOrders' });
    h.pushBar(1);
    const entry = (await runner.onBarClose()).orders[0];
    assert.equal(entry === undefined ? undefined : (await h.store.getOrder(entry.clientOrderId))?.status, 'UNKNOWN', 'our order is unresolved');
    assert.ok(entry !== undefined);
    // Someone else trades the account by hand (a leaked key).
    const foreign = h.gateway();
    await foreign.connect();
    const raw = (foreign as unknown as { exchange: { createOrder(...args: unknown[]): Promise<unknown> } }).exchange;
    await raw.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.002, undefined, { newClientOrderId: 'manual-43' });
    const before = h.sim.requests().filter(RECORD_GET).length;
    const report = await runner.reconcile();
    assert.ok(h.sim.requests().filter(RECORD_GET).length > before, 'the venue record was searched');
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'FILLED', 'our order is attached');
    assert.match(report?.haltReason ?? '', /fills of foreign orders/, 'the foreign fill halts');
    assert.equal((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED');
    assert.ok((await h.store.listIncidents()).some((incident) => incident.kind === 'EXTERNAL_FILLS'), 'an EXTERNAL_FILLS incident');
    const foreignFills = (await h.store.listFills({ account: ACCOUNT })).filter((fill) => fill.clientOrderId === null);
    assert.equal(foreignFills.length, 1, 'only the foreign order\'s fill counts as foreign');
    await runner.stop();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });
});
