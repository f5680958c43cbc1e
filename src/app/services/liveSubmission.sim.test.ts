// RELIABILITY.md §6 A and B, cases 1, 4, 6, 10, 11 and 28, through the live runner: a real ccxt
// binanceusdm client against the local venue, a SQLite store, and every test ending with the store
// and the venue in agreement (assertStoreMatchesVenue).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { LiveStartRefusedError } from '../../engine/live/liveTypes.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

const ORDER_POST = (request: { method: string; path: string }): boolean => request.method === 'POST' && request.path === '/fapi/v1/order';
const ORDER_GET = (request: { method: string; path: string }): boolean => request.method === 'GET' && request.path === '/fapi/v1/order';
const orderPostsSince = (h: LiveHarness, since: number): number => h.sim.requests().slice(since).filter(ORDER_POST).length;
const venueOrdersWith = (h: LiveHarness, clientOrderId: string) => h.sim.state().orders.filter((order) => order.clientOrderId === clientOrderId && !(order.origType === 'STOP_MARKET' && !order.isAlgo));
const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('submission with an unknown outcome, through the live runner (RELIABILITY cases 1 and 6)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 1: an entry accepted and answered 503 is looked up by client order id, stored with the venue order id, never POSTed twice', async () => {
    const runner = h.runner();
    await runner.start();
    h.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined && entry.type === 'MARKET', 'the entry went out');
    assert.equal(orderPostsSince(h, before), 1, 'one POST for the entry: the 503 was not answered with a resend');
    assert.ok(h.sim.requests().slice(before).some((request) => request.status === 503), 'the venue did answer 503');
    const [atVenue] = venueOrdersWith(h, entry.clientOrderId);
    assert.equal(venueOrdersWith(h, entry.clientOrderId).length, 1, 'exactly one venue order for the intent');
    const stored = await h.store.getOrder(entry.clientOrderId);
    assert.equal(stored?.venueOrderId, String(atVenue?.orderId), 'the stored order links the venue order id');
    assert.equal(stored?.status, 'FILLED');
    assert.deepEqual(outcome.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'the outcome was established, so the protective stop followed');
    assert.equal(runner.readiness, 'READY');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 1: an entry accepted and then a socket timeout is found by client order id, one venue order', async () => {
    const runner = h.runner({ gateway: h.gateway({ timeoutMs: 1_000 }) });
    await runner.start();
    h.sim.inject({ kind: 'timeoutAfterAccept', path: 'POST /fapi/v1/order' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined);
    assert.equal(orderPostsSince(h, before), 1, 'no second POST after the timeout');
    assert.equal(venueOrdersWith(h, entry.clientOrderId).length, 1, 'exactly one venue order for the intent');
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'FILLED');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 1: -1007 (send status unknown) that never reached the book stays UNKNOWN, then reconciliation marks it NOT_SENT; no resend under any id', async () => {
    // The next bar comes 2 s later: inside the risk engine's 1 s duplicate-order window it would be denied as a repeat.
    const time = { ms: Date.now() };
    const runner = h.runner({ clock: { nowMs: () => time.ms } });
    await runner.start();
    h.sim.inject({ kind: 'binanceError', code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.', httpStatus: 408, path: 'POST /fapi/v1/order' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined);
    assert.deepEqual(outcome.orders.map((order) => order.type), ['MARKET'], 'no stop for an entry whose outcome is unknown');
    assert.equal(orderPostsSince(h, before), 1, 'one POST, never re-sent');
    assert.ok(h.sim.requests().slice(before).filter(ORDER_GET).length >= 3, 'looked up K = 3 times by client order id');
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'UNKNOWN', 'stored as UNKNOWN, not as rejected');
    assert.equal(runner.readiness, 'NOT_READY', 'an unknown outcome stops trading until reconciled');
    assert.ok(h.logs.some((line) => line.event === 'alert_order_unknown'), 'alerted');

    time.ms += 2_000;
    h.pushBar(1);
    const next = await runner.onBarClose();
    assert.equal(runner.readiness, 'READY', 'the next bar reconciled first');
    assert.equal((await h.store.getIntent(entry.clientOrderId))?.state, 'NOT_SENT', 'absent at the venue after K look-ups: NOT_SENT');
    assert.equal(venueOrdersWith(h, entry.clientOrderId).length, 0, 'the unknown id was never sent again');
    assert.deepEqual(next.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'the decision was re-evaluated on the new bar, under its own id');
    assert.notEqual(next.orders[0]?.clientOrderId, entry.clientOrderId);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 6: a venue that answers "order does not exist" longer than the look-up window gets no REJECTED verdict and no resend; the order is attached later', async () => {
    const runner = h.runner();
    await runner.start();
    // The order is accepted, the answer lost, and GET order answers -2013 for 2 s (the K = 3 look-ups span 100 ms).
    h.sim.inject({ kind: 'orderNotFoundFor', ms: 2_000 });
    h.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    // Nor does the venue's order record answer after the look-ups (searched there once, then left to reconciliation).
    h.sim.inject({ kind: 'http5xx', status: 503, path: 'GET /fapi/v1/allOrders' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined);
    const lookups = h.sim.requests().slice(before).filter(ORDER_GET);
    assert.ok(lookups.length >= 3 && lookups.every((request) => request.status === 400), `K = 3 look-ups all answered "does not exist", were ${lookups.map((request) => request.status).join(', ')}`);
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'UNKNOWN', 'not-found during the lag is no verdict: UNKNOWN, not REJECTED');
    assert.notEqual((await h.store.getIntent(entry.clientOrderId))?.state, 'NOT_SENT');
    assert.equal(runner.readiness, 'NOT_READY');
    assert.equal(orderPostsSince(h, before), 1, 'never re-sent');

    const visibleFromMs = venueOrdersWith(h, entry.clientOrderId)[0]?.visibleFromMs ?? 0;
    await sleepMs(Math.max(0, visibleFromMs - Date.now()) + 50); // the venue's lag is over
    h.pushBar(1);
    const next = await runner.onBarClose();
    assert.equal(runner.readiness, 'READY');
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'FILLED', 'reconciliation found the order and its fill');
    assert.equal((await h.store.getIntent(entry.clientOrderId))?.state, 'SENT');
    assert.deepEqual(next.orders.map((order) => order.type), ['STOP_MARKET'], 'no second entry: only the missing protective stop');
    assert.equal(venueOrdersWith(h, entry.clientOrderId).length, 1);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});

describe('double submit through the live runner (RELIABILITY case 4)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 4: the same bar handled twice at once (a retry bug) sends one entry and one stop under the deterministic ids', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    const before = h.sim.requests().length;
    const [first, second] = await Promise.all([runner.onBarClose(), runner.onBarClose()]);
    const ids = [...first.orders, ...second.orders].map((order) => order.clientOrderId);
    const entries = h.sim.state().orders.filter((order) => order.type === 'MARKET' && !order.reduceOnly);
    assert.equal(entries.length, 1, `one entry at the venue, ids asked: ${ids.join(', ')}`);
    assert.equal(h.sim.state().orders.filter((order) => order.isAlgo).length, 1, 'one protective stop at the venue');
    assert.equal(h.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt, 0.008, 'the position is the one entry, not two');
    assert.ok(orderPostsSince(h, before) <= 2, 'a duplicate is a look-up or dropped, never a second entry POST');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 4: the same bar handled again after it completed sends nothing', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    const before = h.sim.requests().length;
    const again = await runner.onBarClose();
    assert.deepEqual(again.orders, [], 'nothing new for a bar already acted on');
    assert.equal(orderPostsSince(h, before), 0);
    assert.equal(h.sim.state().orders.length, 2, 'still one entry and one stop');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});

describe('venue rejections through the live runner (RELIABILITY cases 10 and 11)', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 10: -2019 margin insufficient ends the entry REJECTED after one POST, with no retry loop and the position unchanged', async () => {
    h = await startLiveHarness();
    const runner = h.runner();
    await runner.start();
    h.sim.inject({ kind: 'binanceError', code: -2019, msg: 'Margin is insufficient.', path: 'POST /fapi/v1/order' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined);
    assert.equal(orderPostsSince(h, before), 1, 'exactly one POST in the bar: no retry loop');
    assert.deepEqual(outcome.orders.map((order) => order.type), ['MARKET'], 'no stop for a position that was never opened');
    const stored = await h.store.getOrder(entry.clientOrderId);
    assert.equal(stored?.status, 'REJECTED', 'terminal REJECTED');
    assert.equal(h.sim.state().positions.length, 0, 'position unchanged (flat)');
    const risk = (await h.store.listRiskEvents({ account: ACCOUNT })).map((event) => event.code);
    assert.ok(risk.includes('VENUE_MARGIN_INSUFFICIENT'), `the rejection is recorded, codes ${risk.join(', ')}`);
    assert.ok(h.logs.some((line) => line.event === 'order_rejected' && line.fields.code === 'MARGIN_INSUFFICIENT'), 'and logged for the operator');
    assert.ok(h.logs.some((line) => line.level === 'error' && line.event === 'alert_margin_insufficient'), 'an alert goes out');
    const incidents = (await h.store.listIncidents()).filter((incident) => incident.kind === 'ORDER_REJECTED_MARGIN');
    assert.equal(incidents.length, 1, 'and one incident is opened for it (issue 12 finding 8)');
    assert.equal(incidents[0]?.detail.clientOrderId, entry.clientOrderId, 'naming the rejected order');
    assert.equal(runner.readiness, 'READY', 'a definite rejection is no unknown state');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 11: an entry under the minimum notional is refused locally from the cached filters with zero order requests', async () => {
    // 0.01 × 10 000 / 60 000 floors to one 0.001 lot: 60 USDT, under the venue's 100 USDT minimum.
    h = await startLiveHarness({ weight: 0.01 });
    const runner = h.runner();
    await runner.start();
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    assert.equal(orderPostsSince(h, before), 0, 'no order request reached the venue');
    assert.equal(h.sim.state().orders.length, 0);
    const intents = await h.store.listIntents({ account: ACCOUNT });
    for (const intent of intents) assert.equal(intent.state, 'DENIED', `intent ${intent.clientOrderId} is DENIED locally`);
    const [refusal] = await h.store.listRiskEvents({ account: ACCOUNT });
    assert.equal(refusal?.code, 'VENUE_BELOW_MIN_NOTIONAL', 'the reason is recorded');
    assert.equal(refusal?.detail.local, true, 'caught before any HTTP call');
    assert.match(String(refusal?.detail.message), /notional must be at least 100, was 60/);
    assert.ok(outcome.orders.every((order) => order.type === 'MARKET'), 'no stop for a position never opened');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 11: a venue -4164 despite the local check refreshes the filters, never enlarges the order, and the next entry is refused locally', async () => {
    h = await startLiveHarness();
    // Bars 2 s apart: the risk engine's 1 s duplicate-order window must not be what stops the second entry.
    const time = { ms: Date.now() };
    const runner = h.runner({ clock: { nowMs: () => time.ms } });
    await runner.start();
    // The venue raised its minimum notional after the runner cached the filters: 0.008 BTC = 480 USDT now falls short.
    h.sim.setSymbolFilters('BTCUSDT', { minNotional: 600 });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const first = await runner.onBarClose();
    const entry = first.orders[0];
    assert.ok(entry !== undefined);
    assert.equal(orderPostsSince(h, before), 1, 'one POST, refused by the venue; no resend');
    assert.equal(entry.quantity, '0.008', 'sent at the size risk approved');
    assert.equal((await h.store.getOrder(entry.clientOrderId))?.status, 'REJECTED');
    assert.ok(h.sim.requests().slice(before).some((request) => request.path === '/fapi/v1/exchangeInfo'), 'the refusal reloaded the venue filters');
    assert.equal(h.sim.state().positions.length, 0, 'never resized up to the new minimum behind the risk engine');

    const again = h.sim.requests().length;
    time.ms += 2_000;
    h.pushBar(1);
    const second = await runner.onBarClose();
    assert.equal(orderPostsSince(h, again), 0, 'the next bar knows the new minimum: refused locally, zero order requests');
    assert.equal(h.sim.state().orders.length, 0);
    const retried = second.orders[0];
    assert.ok(retried !== undefined, 'the entry was decided again');
    assert.equal((await h.store.getIntent(retried.clientOrderId))?.state, 'DENIED', 'denied locally, never sent');
    const local = (await h.store.listRiskEvents({ account: ACCOUNT })).find((event) => event.clientOrderId === retried.clientOrderId);
    assert.equal(local?.code, 'VENUE_BELOW_MIN_NOTIONAL', 'by the refreshed minimum notional');
    assert.equal(local?.detail.local, true);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});

describe('a LOT_SIZE change at the venue (RELIABILITY case 11)', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 11: -1111 after the venue coarsened its lot step refreshes the filters; the next bar floors to the new lot and never enlarges the order', async () => {
    h = await startLiveHarness();
    const time = { ms: Date.now() };
    const runner = h.runner({ clock: { nowMs: () => time.ms } });
    await runner.start();
    h.sim.setSymbolFilters('BTCUSDT', { lotStep: 0.01, minQty: 0.01 });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const first = await runner.onBarClose();
    assert.equal(first.orders[0]?.quantity, '0.008', 'sent on the old 0.001 grid');
    assert.equal(orderPostsSince(h, before), 1, 'refused once (-1111), not resent');
    assert.equal((await h.store.getOrder(first.orders[0]?.clientOrderId ?? ''))?.status, 'REJECTED');
    assert.ok((await h.store.listRiskEvents({ account: ACCOUNT })).some((event) => event.code === 'VENUE_FILTER_VIOLATION'), 'the venue refusal is recorded');

    const again = h.sim.requests().length;
    time.ms += 2_000;
    h.pushBar(1);
    const second = await runner.onBarClose();
    assert.deepEqual(second.orders, [], '0.0083 BTC floors to 0 lots of 0.01: nothing to send, never rounded up to 0.01');
    assert.equal(orderPostsSince(h, again), 0);
    assert.equal(h.sim.state().positions.length, 0);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});

describe('clock skew through the live runner (RELIABILITY case 28)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 28: -1021 on the entry resyncs the offset from /fapi/v1/time and resends the same client order id once', async () => {
    const runner = h.runner();
    await runner.start();
    h.sim.inject({ kind: 'binanceError', code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.', path: 'POST /fapi/v1/order' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined);
    const log = h.sim.requests().slice(before);
    const rejected = log.findIndex((request) => ORDER_POST(request) && request.status === 400);
    assert.ok(rejected >= 0 && log.slice(rejected).some((request) => request.path === '/fapi/v1/time'), 'the offset was re-measured after the -1021');
    assert.equal(orderPostsSince(h, before), 2, 'the rejected POST and one resend');
    assert.equal(venueOrdersWith(h, entry.clientOrderId).length, 1, 'the resend carried the same id: one venue order');
    assert.deepEqual(outcome.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET']);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 28: our clock 2 s ahead of the venue mid-session: reads meet -1021, the offset is resynced and the bar trades', async () => {
    const runner = h.runner();
    await runner.start();
    h.sim.inject({ kind: 'clockSkewMs', ms: -2_000 });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const log = h.sim.requests().slice(before);
    assert.ok(log.some((request) => request.status === 400), 'the venue refused a request stamped 2 s ahead');
    assert.ok(log.some((request) => request.path === '/fapi/v1/time'), 'the offset was re-measured');
    assert.equal(outcome.skipped, undefined, 'the bar was not lost to the skew');
    assert.deepEqual(outcome.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET']);
    assert.equal(h.sim.state().orders.filter((order) => order.type === 'MARKET').length, 1, 'one entry');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 28: a skew that cannot be measured refuses the start; nothing is sent', async () => {
    h.sim.inject({ kind: 'http5xx', status: 503, path: 'GET /fapi/v1/time', count: 100 });
    // lockTtlMs 1: a refused start keeps its lock until the TTL, and the second start is a new process.
    await assert.rejects(h.runner({ lockTtlMs: 1 }).start(), (error: unknown) => error instanceof LiveStartRefusedError && error.code === 'CLOCK', 'no measured offset: refuse to trade');
    h.sim.clearFaults();
    h.sim.inject({ kind: 'clockSkewMs', ms: 10_000 });
    await assert.rejects(h.runner({ lockTtlMs: 1 }).start(), (error: unknown) => error instanceof LiveStartRefusedError && error.code === 'CLOCK' && /offset/.test(error.message), 'an offset past the bound: refuse to trade');
    assert.equal(h.sim.requests().filter(ORDER_POST).length, 0, 'no order was sent');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  });
});
