// RELIABILITY.md §6 E, cases 27 (429 / 418) and 33 (503 storm), through the live runner: a real ccxt
// binanceusdm client against the local venue and a SQLite store. The gateway and the runner share a
// virtual clock (real time plus what they slept), so Retry-After, a 120 s ban and the breaker's
// cool-down pass without waiting; ccxt still signs with real time, which the venue checks.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { gatewayIncidentSink } from '../wiring/gatewayIncidentSink.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

const ORDER_POST = (request: { method: string; path: string }): boolean => request.method === 'POST' && (request.path === '/fapi/v1/order' || request.path === '/fapi/v1/algoOrder');

/** Real time plus a virtual offset that sleeping and `advance` move forward. */
function virtualClock() {
  let offsetMs = 0;
  const slept: number[] = [];
  return {
    nowMs: (): number => Date.now() + offsetMs,
    sleep: async (ms: number): Promise<void> => {
      slept.push(ms);
      offsetMs += Math.max(0, ms);
    },
    advance(ms: number): void {
      offsetMs += ms;
    },
    slept,
  };
}

describe('rate limits through the live runner (RELIABILITY case 27)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 27: a 429 on the entry is waited out for Retry-After, then the same id goes once; the bar completes', async () => {
    const time = virtualClock();
    const gateway = h.gateway({ nowMs: time.nowMs, sleep: time.sleep });
    const runner = h.runner({ gateway, clock: { nowMs: time.nowMs }, sleep: time.sleep });
    await runner.start();
    h.sim.inject({ kind: 'rateLimit', status: 429, retryAfterSeconds: 7, path: 'POST /fapi/v1/order' });
    const before = h.sim.requests().length;
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined);
    const posts = h.sim.requests().slice(before).filter(ORDER_POST);
    assert.deepEqual(posts.map((request) => request.status), [429, 200, 200], 'the limited entry, its one resend, then the stop');
    assert.ok(time.slept.some((ms) => ms >= 7_000), `waited at least Retry-After (7000 ms), slept ${time.slept.join(', ')}`);
    assert.equal(h.sim.state().orders.filter((order) => order.clientOrderId === entry.clientOrderId).length, 1, 'one venue order for the intent');
    assert.ok(!h.sim.requests().some((request) => request.status === 418), 'never pushed into a ban');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('RELIABILITY case 27: a 418 stops every request until the ban lifts; the account is NOT_READY meanwhile, then reconciles and trades', async () => {
    const time = virtualClock();
    // The sink runLiveJob wires in: the gateway's incidents reach the store and the alerts.
    const gateway = h.gateway({ nowMs: time.nowMs, sleep: time.sleep, onIncident: gatewayIncidentSink(h.store, h.logger, ACCOUNT, time.nowMs) });
    const runner = h.runner({ gateway, clock: { nowMs: time.nowMs }, sleep: time.sleep });
    await runner.start();
    h.sim.inject({ kind: 'rateLimit', status: 418, retryAfterSeconds: 120 });
    h.pushBar(1);
    const banned = await runner.onBarClose();
    assert.equal(banned.skipped, 'NOT_READY', 'the venue could not be read: no trading');
    assert.equal(banned.orders.length, 0);
    const incidentKinds = async (): Promise<string[]> => (await h.store.listIncidents()).map((incident) => incident.kind).filter((kind) => kind.startsWith('IP_') || kind.startsWith('CIRCUIT_'));
    assert.deepEqual(await incidentKinds(), ['IP_BANNED'], 'the ban is stored as an incident');
    assert.ok(h.logs.some((line) => line.event === 'alert_ip_banned'), 'and alerted');

    const during = h.sim.requests().length;
    time.advance(60_000);
    h.pushBar(1);
    assert.equal((await runner.onBarClose()).skipped, 'NOT_READY', 'still banned a minute later');
    assert.equal(h.sim.requests().length, during, 'zero HTTP calls during the ban');

    time.advance(61_000);
    h.pushBar(1);
    const after = await runner.onBarClose();
    assert.equal(runner.readiness, 'READY', 'reconciled once the ban lifted');
    assert.deepEqual(after.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'then the entry and its stop, once');
    assert.equal(h.sim.state().orders.length, 2);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});

describe('a 503 storm through the live runner (RELIABILITY case 33)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('RELIABILITY case 33: the storm opens the circuit with the entry UNKNOWN; nothing goes out while open; on recovery a full reconciliation runs first and one entry follows, no burst', async () => {
    const time = virtualClock();
    const gateway = h.gateway({ nowMs: time.nowMs, sleep: time.sleep, circuitBreaker: { failuresToOpen: 3, openForMs: 30_000 }, onIncident: gatewayIncidentSink(h.store, h.logger, ACCOUNT, time.nowMs) });
    const incidentKinds = async (): Promise<string[]> => (await h.store.listIncidents()).map((incident) => incident.kind).filter((kind) => kind.startsWith('CIRCUIT_'));
    let storm = false;
    const runner = h.runner({
      gateway,
      clock: { nowMs: time.nowMs },
      sleep: time.sleep,
      // The storm starts between the runner's venue read and the entry's POST.
      hooks: { afterIntentStored: () => void (storm && h.sim.inject({ kind: 'http5xx', status: 503, count: 100_000 })) },
    });
    await runner.start();
    storm = true;
    h.pushBar(1);
    const hit = await runner.onBarClose();
    storm = false;
    const stormEntry = hit.orders[0];
    assert.ok(stormEntry !== undefined && stormEntry.type === 'MARKET');
    assert.equal((await h.store.getOrder(stormEntry.clientOrderId))?.status, 'UNKNOWN', 'a 503 on the POST is an unknown outcome, never a rejection');
    assert.equal(runner.readiness, 'NOT_READY');
    assert.equal(gateway.requestStatus().circuit, 'OPEN');
    assert.deepEqual(await incidentKinds(), ['CIRCUIT_OPENED'], 'stored as an incident');
    assert.ok(h.logs.some((line) => line.event === 'alert_circuit_opened'), 'and alerted');

    // While open: bars pass, nothing reaches the venue.
    const whileOpen = h.sim.requests().length;
    for (let bar = 0; bar < 3; bar++) {
      time.advance(5_000);
      h.pushBar(1);
      assert.equal((await runner.onBarClose()).skipped, 'NOT_READY', 'no trading while the circuit is open');
    }
    assert.equal(h.sim.requests().length, whileOpen, 'zero HTTP calls while open');

    // The storm ends; after the cool-down the next bar probes, reconciles, and only then trades.
    h.sim.clearFaults();
    time.advance(30_000);
    const recovered = h.sim.requests().length;
    h.pushBar(1);
    const resumed = await runner.onBarClose();
    assert.equal(gateway.requestStatus().circuit, 'CLOSED');
    assert.deepEqual(await incidentKinds(), ['CIRCUIT_OPENED', 'CIRCUIT_CLOSED']);
    assert.equal(runner.readiness, 'READY', 'a full reconciliation completed');
    assert.equal((await h.store.getIntent(stormEntry.clientOrderId))?.state, 'NOT_SENT', 'the storm entry never reached the book: NOT_SENT, not resent');
    assert.equal(gateway.requestStatus().needsFullReconciliation, false, 'the runner told the gateway it has reconciled');
    assert.deepEqual(resumed.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'one entry (under a new id) and its stop: no burst of what the storm held back');
    const log = h.sim.requests().slice(recovered);
    const firstOrder = log.findIndex(ORDER_POST);
    assert.ok(log.slice(0, firstOrder).some((request) => request.path.includes('positionRisk')) && log.slice(0, firstOrder).some((request) => request.path === '/fapi/v1/openOrders'), 'positions and open orders were read before any order');
    assert.equal(log.filter(ORDER_POST).length, 2);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
