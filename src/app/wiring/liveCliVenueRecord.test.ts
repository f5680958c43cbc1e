// Issue 12, finding 3 through the real `run --real` process: the config's look-up settings reach the
// gateway, and an order the venue accepted while look-ups by client order id answer "does not exist"
// (RELIABILITY case 6, the field's 100 s lag scaled down) is attached from the venue's own record with
// its fill, never stored NOT_SENT nor halted on as a foreign fill; its position gets its stop.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';
import { startLiveCliHarness } from './liveCliHarness.ts';

const LOOKUP_ATTEMPTS = 3;
const LOOKUP_WINDOW_MS = 2_000;
/** Longer than both runs: every look-up by client order id in this test answers "does not exist". */
const LAG_MS = 60_000;
const ORDER_GET = (request: { method: string; path: string }): boolean => request.method === 'GET' && request.path === '/fapi/v1/order';

/** The config's look-up settings, appended to the harness config the CLI reads. */
function configureLookups(configPath: string): void {
  appendFileSync(configPath, `\nlive: {lookupAttempts: ${LOOKUP_ATTEMPTS}, lookupWindowMs: ${LOOKUP_WINDOW_MS}}\n`);
}

test('run --real resolves an entry whose look-ups still say "does not exist" from the venue record in the same run: FILLED with its fill once and its stop, no HALT (the field case)', async () => {
  const harness = await startLiveCliHarness();
  try {
    configureLookups(harness.configPath);
    harness.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    harness.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    harness.pushBar(1);
    const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    const printed = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.code, 0, `run --real --once exits 0, printed:\n${printed}`);
    const requests = harness.sim.requests();
    const post = requests.findIndex((request) => request.method === 'POST' && request.path === '/fapi/v1/order');
    const lookups = requests.slice(post + 1).filter(ORDER_GET);
    assert.ok(lookups.length >= LOOKUP_ATTEMPTS && lookups.every((request) => request.status === 400), `every look-up by client order id said "does not exist", were ${lookups.map((request) => request.status).join(', ')}`);
    assert.ok(requests.slice(post + 1).some((request) => request.path === '/fapi/v1/allOrders' && request.status === 200), 'the venue\'s orders since the send were asked');
    const entry = harness.sim.state().orders.find((order) => order.type === 'MARKET' && !order.reduceOnly);
    assert.ok(entry !== undefined && entry.status === 'FILLED');
    await harness.reopenStore();
    assert.equal((await harness.store.getOrder(entry.clientOrderId))?.status, 'FILLED', 'stored as the venue has it, not REJECTED');
    assert.equal((await harness.store.getIntent(entry.clientOrderId))?.state, 'SENT');
    const fills = await harness.store.listFills({ account: ACCOUNT });
    assert.equal(fills.filter((fill) => fill.clientOrderId === entry.clientOrderId).length, 1, 'its fill applied once, as ours');
    assert.equal(fills.filter((fill) => fill.clientOrderId === null).length, 0, 'no fill counted as foreign');
    assert.ok(!(await harness.store.listIncidents()).some((incident) => incident.kind === 'EXTERNAL_FILLS'), 'no EXTERNAL_FILLS incident');
    assert.notEqual((await harness.store.loadTradingState(ACCOUNT))?.state, 'HALTED', 'no HALT');
    assert.ok(harness.sim.state().orders.some((order) => order.isAlgo && order.type === 'STOP_MARKET' && order.status === 'NEW' && order.reduceOnly), 'the position has its protective stop at the venue');
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
  } finally {
    await harness.close();
  }
});

test('run --real looks an unknown outcome up K times over T from the config, and the next run attaches the FILLED order from the venue record with its stop: no NOT_SENT, no foreign fill, no HALT', async () => {
  const harness = await startLiveCliHarness();
  try {
    configureLookups(harness.configPath);
    harness.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    harness.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    // The venue's order record does not answer at the send either: the outcome is left to the next run.
    harness.sim.inject({ kind: 'http5xx', status: 503, path: 'GET /fapi/v1/allOrders' });
    harness.pushBar(1);
    const first = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    const printed = `${first.stdout}\n${first.stderr}`;
    const requests = harness.sim.requests();
    const post = requests.findIndex((request) => request.method === 'POST' && request.path === '/fapi/v1/order');
    assert.ok(post >= 0 && requests[post]?.status === 503, `the entry was accepted and answered 503; printed:\n${printed}`);
    const lookups = requests.slice(post + 1).filter(ORDER_GET);
    assert.equal(lookups.length, LOOKUP_ATTEMPTS, `lookupAttempts from the config: ${LOOKUP_ATTEMPTS} look-ups, not the default 8; printed:\n${printed}`);
    const spanMs = (lookups.at(-1)?.timeMs ?? 0) - (lookups[0]?.timeMs ?? 0);
    assert.ok(spanMs >= LOOKUP_WINDOW_MS - 100 && spanMs < 4 * LOOKUP_WINDOW_MS, `the look-ups span lookupWindowMs ${LOOKUP_WINDOW_MS} (the default spreads 8 over 60 s), spanned ${spanMs} ms`);
    const entry = harness.sim.state().orders.find((order) => order.type === 'MARKET' && !order.reduceOnly);
    assert.ok(entry !== undefined && entry.status === 'FILLED', 'the venue filled the entry');
    const store = await harness.reopenStore();
    assert.equal((await store.getOrder(entry.clientOrderId))?.status, 'UNKNOWN', 'not found by client order id within T: stored UNKNOWN, no verdict');

    harness.pushBar(1);
    const before = harness.sim.requests().length;
    const second = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    assert.equal(second.code, 0, `the second run exits 0, printed:\n${second.stdout}\n${second.stderr}`);
    const asked = harness.sim.requests().slice(before);
    assert.ok(asked.filter(ORDER_GET).every((request) => request.status === 400), 'look-ups by client order id still said "does not exist"');
    assert.ok(asked.some((request) => request.path === '/fapi/v1/allOrders'), 'the venue\'s orders by time window were asked');

    await harness.reopenStore();
    const stored = await harness.store.getOrder(entry.clientOrderId);
    assert.equal(stored?.status, 'FILLED', 'attached with the venue\'s state');
    assert.equal(stored?.venueOrderId, String(entry.orderId));
    assert.equal((await harness.store.getIntent(entry.clientOrderId))?.state, 'SENT', 'never NOT_SENT');
    const fills = await harness.store.listFills({ account: ACCOUNT });
    assert.equal(fills.filter((fill) => fill.clientOrderId === entry.clientOrderId).length, 1, 'its fill applied once, as ours');
    assert.equal(fills.filter((fill) => fill.clientOrderId === null).length, 0, 'no fill counted as foreign');
    const kinds = (await harness.store.listIncidents()).map((incident) => incident.kind);
    assert.ok(!kinds.includes('EXTERNAL_FILLS'), `no EXTERNAL_FILLS incident, were ${kinds.join(', ')}`);
    assert.notEqual((await harness.store.loadTradingState(ACCOUNT))?.state, 'HALTED', 'no HALT');
    assert.ok(harness.sim.state().orders.some((order) => order.isAlgo && order.type === 'STOP_MARKET' && order.status === 'NEW' && order.reduceOnly), 'the position has its protective stop at the venue');
    assert.equal(harness.sim.state().orders.filter((order) => order.type === 'MARKET' && !order.reduceOnly).length, 1, 'one entry: never re-sent');
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
  } finally {
    await harness.close();
  }
});

test('run --real still halts on a fill of an order whose client order id is not ours (RELIABILITY case 43), and store and venue agree', async () => {
  const harness = await startLiveCliHarness();
  try {
    harness.pushBar(1);
    const first = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    assert.equal(first.code, 0, `the first run trades, printed:\n${first.stdout}\n${first.stderr}`);
    // Someone else trades the account on the traded symbol (a leaked key).
    const foreign = harness.gateway();
    await foreign.connect();
    const raw = (foreign as unknown as { exchange: { createOrder(...args: unknown[]): Promise<unknown> } }).exchange;
    await raw.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.002, undefined, { newClientOrderId: 'manual-43' });
    harness.pushBar(1);
    const second = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    await harness.reopenStore();
    const state = await harness.store.loadTradingState(ACCOUNT);
    assert.equal(state?.state, 'HALTED', `the foreign fill halts the account, printed:\n${second.stdout}\n${second.stderr}`);
    assert.match(state?.reason ?? '', /fills of foreign orders/);
    assert.ok((await harness.store.listIncidents()).some((incident) => incident.kind === 'EXTERNAL_FILLS'), 'an EXTERNAL_FILLS incident');
    const foreignFills = (await harness.store.listFills({ account: ACCOUNT })).filter((fill) => fill.clientOrderId === null);
    assert.equal(foreignFills.length, 1, 'only the foreign order\'s fill counts as foreign');
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
  } finally {
    await harness.close();
  }
});
