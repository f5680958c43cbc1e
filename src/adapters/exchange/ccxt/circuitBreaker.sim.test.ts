// RELIABILITY.md case 33: a 503 storm opens the circuit; no order burst on recovery; reconcile first.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { RetryableExchangeError } from '../../../domain/errors/exchangeErrors.ts';
import { clientOrderId } from '../../../domain/order/clientOrderId.ts';
import type { OrderRequest } from '../../../domain/order/venueOrder.ts';
import { CircuitState } from './circuitBreaker.ts';
import { openGatewayBench, type GatewayBench } from './gatewaySimBench.ts';

let sequence = 0;
function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  sequence += 1;
  return {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: new Decimal('0.01'),
    reduceOnly: false,
    clientOrderId: clientOrderId({ account: 'case33', sleeve: 'btc', symbol: 'BTCUSDT', timeMs: 1_700_000_000_000, sequence }),
    ...overrides,
  };
}

const OPEN_FOR_MS = 30_000;
const orderPostsSince = (bench: GatewayBench, index: number) => bench.sim.requests().slice(index).filter((request) => request.method === 'POST' && request.path === '/fapi/v1/order');
const refusedLocally = (error: unknown) => error instanceof RetryableExchangeError && !error.clockSkew;

describe('case 33: 503 storm against the local venue (real ccxt client, one manual clock)', () => {
  let bench: GatewayBench;
  beforeEach(async () => {
    bench = await openGatewayBench({ circuitBreaker: { failuresToOpen: 3, openForMs: OPEN_FOR_MS } });
  });
  afterEach(async () => {
    await bench.close();
  });

  test('opens after 3 failures, fails fast while open, probes once per cool-down, and holds entries until reconciled', async () => {
    const { sim, gateway, clock, incidents } = bench;
    clock.startAutoAdvance(); // the look-up spacing after the unknown outcome
    sim.inject({ kind: 'http5xx', status: 503, count: 10_000 });

    // The storm: the entry's POST fails (unknown outcome), then its two look-ups fail.
    const stormEntry = order();
    const stormStart = sim.requests().length;
    const outcome = await gateway.placeOrder(stormEntry);
    assert.equal(outcome.status, 'UNKNOWN', 'the outcome stays unknown: never re-sent under a new id');
    assert.equal(sim.requests().length - stormStart, 3, 'POST + 2 look-ups, then the circuit is open');
    assert.equal(gateway.requestStatus().circuit, CircuitState.OPEN);
    assert.equal(gateway.requestStatus().needsFullReconciliation, true);
    assert.deepEqual(incidents.map((incident) => incident.kind), ['CIRCUIT_OPENED']);

    // Open: everything fails fast, with zero HTTP calls.
    const whileOpen = sim.requests().length;
    await assert.rejects(gateway.fetchBalances(), refusedLocally, 'reads fail fast');
    await assert.rejects(gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: stormEntry.clientOrderId }), refusedLocally, 'look-ups fail fast');
    await assert.rejects(gateway.placeOrder(order({ side: 'SELL', reduceOnly: true })), refusedLocally, 'even reduce-only orders fail fast');
    await assert.rejects(gateway.placeOrder(order()), refusedLocally, 'entries fail fast');
    clock.advance(OPEN_FOR_MS - 1);
    await assert.rejects(gateway.fetchBalances(), refusedLocally, '1 ms before the cool-down ends');
    assert.equal(sim.requests().length, whileOpen, 'zero HTTP calls while open');

    // Half-open with the storm still on: exactly one probe, which fails and re-opens the circuit.
    clock.advance(1);
    assert.equal(gateway.requestStatus().circuit, CircuitState.HALF_OPEN);
    const probes = await Promise.allSettled([gateway.fetchBalances(), gateway.fetchPositions(['BTCUSDT']), gateway.fetchBalances()]);
    assert.ok(probes.every((probe) => probe.status === 'rejected'));
    assert.equal(sim.requests().length - whileOpen, 1, 'exactly one probe went out');
    assert.equal(sim.requests().at(-1)?.status, 503);
    assert.equal(gateway.requestStatus().circuit, CircuitState.OPEN, 'the failed probe re-opens the circuit');

    // The storm ends: the next probe after the cool-down succeeds and closes the circuit.
    sim.clearFaults();
    clock.advance(OPEN_FOR_MS);
    const usdt = (await gateway.fetchBalances()).find((balance) => balance.asset === 'USDT');
    assert.ok(usdt !== undefined && usdt.total.gt(0), 'the probe read the balance');
    assert.equal(gateway.requestStatus().circuit, CircuitState.CLOSED);
    assert.equal(incidents.at(-1)?.kind, 'CIRCUIT_CLOSED');
    assert.equal(gateway.requestStatus().needsFullReconciliation, true, 'closing the circuit is not reconciling');

    // Closed but not reconciled: new entries are held locally.
    const recovered = sim.requests().length;
    const held = order();
    await assert.rejects(gateway.placeOrder(held), refusedLocally, 'an entry before reconciliation is held');
    assert.equal(sim.requests().length, recovered, 'the held entry made no HTTP call');

    // The runner's reconciliation (reads still flow) finds nothing of the storm entry, then says so.
    assert.equal(await gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: stormEntry.clientOrderId }), undefined, 'the storm entry never reached the book');
    assert.deepEqual(await gateway.fetchOpenOrders('BTCUSDT'), []);
    assert.deepEqual(await gateway.fetchPositions(['BTCUSDT']), []);
    assert.equal(gateway.requestStatus().needsFullReconciliation, true, 'reading is not reconciling: only the runner can say it is done');
    gateway.markReconciled();
    assert.equal(gateway.requestStatus().needsFullReconciliation, false);

    // After reconciliation only what is asked now goes out: the held intent, once.
    const reconciled = sim.requests().length;
    const placed = await gateway.placeOrder(held);
    assert.equal(placed.status, 'PLACED');
    assert.equal(placed.status === 'PLACED' && placed.via, 'ACCEPTED', 'the held intent is sent, not looked up');
    assert.equal(orderPostsSince(bench, recovered).length, 1, 'no order burst on recovery: one POST, the one asked after reconciliation');
    assert.equal(orderPostsSince(bench, reconciled).length, 1);
    assert.deepEqual(sim.state().orders.map((venueOrder) => venueOrder.clientOrderId), [held.clientOrderId], 'the venue holds exactly the one order asked for');
  });
});

describe('client order ids count as submitted only once a request carried them', () => {
  let bench: GatewayBench;
  beforeEach(async () => {
    bench = await openGatewayBench({ circuitBreaker: { failuresToOpen: 1, openForMs: 10_000 } });
  });
  afterEach(async () => {
    await bench.close();
  });

  test('an entry refused by the gate is sent normally when asked again after recovery', async () => {
    const { sim, gateway, clock } = bench;
    clock.startAutoAdvance(); // so a wrongful look-up ends (UNKNOWN) instead of sleeping forever
    sim.inject({ kind: 'http5xx', status: 503, count: 1 });
    await assert.rejects(gateway.fetchBalances(), refusedLocally);
    const request = order();
    await assert.rejects(gateway.placeOrder(request), refusedLocally, 'refused while the circuit is open');
    clock.advance(10_000);
    await gateway.fetchBalances();
    gateway.markReconciled();
    const before = sim.requests().length;
    const outcome = await gateway.placeOrder(request);
    assert.equal(outcome.status, 'PLACED', 'the intent is placed, not left UNKNOWN by a look-up of an order never sent');
    assert.equal(outcome.status === 'PLACED' && outcome.via, 'ACCEPTED');
    assert.equal(orderPostsSince(bench, before).length, 1, 'one POST');
    assert.equal(sim.state().orders.filter((venueOrder) => venueOrder.clientOrderId === request.clientOrderId).length, 1);
  });

  test('two concurrent submits of one intent leave one venue order', async () => {
    const { sim, gateway } = bench;
    const request = order();
    const before = sim.requests().length;
    const [first, second] = await Promise.all([gateway.placeOrder(request), gateway.placeOrder(request)]);
    assert.equal(first.status, 'PLACED');
    assert.equal(second.status === 'PLACED' && second.via, 'DUPLICATE', 'the second submit looks the first one up');
    assert.equal(orderPostsSince(bench, before).length, 1, 'one POST');
    assert.equal(sim.state().orders.filter((venueOrder) => venueOrder.clientOrderId === request.clientOrderId).length, 1);
  });
});
