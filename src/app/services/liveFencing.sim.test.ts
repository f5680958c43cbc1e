import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { LockLostError } from '../../domain/errors/lockLostError.ts';
import { clientOrderId, parseClientOrderId } from '../../domain/order/clientOrderId.ts';
import { LiveStartRefusedError } from '../../engine/live/liveTypes.ts';
import { lockGuardedGateway } from '../../engine/live/lockGuardedGateway.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

const orderPosts = (h: LiveHarness) => h.sim.requests().filter((request) => request.method === 'POST' && (request.path === '/fapi/v1/order' || request.path === '/fapi/v1/algoOrder'));

describe('RELIABILITY case 18: one fenced runner per account (real ccxt client, SQLite store)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('a runner whose lock was taken over after its send stores nothing more and sends nothing more; the new holder\'s reconciliation stands', async () => {
    let second: ReturnType<LiveHarness['runner']> | undefined;
    let requestsAfterTakeover = 0;
    // lockTtlMs 1: the first runner's heartbeat is stale by the time its answer comes back (a stalled runner).
    const first = h.runner({
      owner: 'stalled-runner',
      lockTtlMs: 1,
      hooks: {
        afterOrderSent: async () => {
          if (second !== undefined) return;
          second = h.runner({ owner: 'second-runner' });
          await second.start();
          requestsAfterTakeover = h.sim.requests().length;
        },
      },
    });
    await first.start();
    h.pushBar(1);
    await assert.rejects(first.onBarClose(), (error: unknown) => error instanceof LockLostError && error.holder?.owner === 'second-runner', 'the stalled runner learns at its next write that the lock is the second runner\'s');
    assert.ok(second !== undefined, 'precondition: the second runner took over mid-bar');
    assert.equal(first.lockLost, true);
    assert.equal(h.sim.requests().length, requestsAfterTakeover, 'after the takeover the stalled runner made no venue request (no stop of its own, no fill sync)');

    const [entry] = await h.store.listIntents({ account: ACCOUNT });
    assert.deepEqual((await h.store.orderHistory(entry.clientOrderId)).map((row) => row.status), ['PENDING_SEND', 'FILLED'], 'the second runner attached the sent entry; the stalled runner overwrote nothing');
    assert.equal(entry.state, 'SENT', 'the entry is SENT, as the venue shows');
    const takeovers = (await h.store.listIncidents()).filter((incident) => incident.kind === 'LOCK_TAKEN_OVER');
    assert.equal(takeovers.length, 1, 'the takeover is recorded once');
    assert.equal(takeovers[0].detail.previousOwner, 'stalled-runner');
    assert.equal(takeovers[0].detail.owner, 'second-runner');
    assert.ok(Number(takeovers[0].detail.token) > Number(takeovers[0].detail.previousToken), 'the new hold has the larger fencing token');

    const before = h.sim.requests().length;
    await assert.rejects(first.onBarClose(), LockLostError, 'a fenced-out runner does not trade another bar');
    await assert.rejects(first.reconcile(), LockLostError, 'nor reconcile');
    assert.equal(h.sim.requests().length, before, 'and reaches the venue no more');

    h.pushBar(1);
    const outcome = await second.onBarClose();
    assert.deepEqual(outcome.orders.map((order) => order.type), ['STOP_MARKET'], 'the new holder places the missing stop, no second entry');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await first.stop();
    assert.equal((await h.store.acquireLock(`runner:${ACCOUNT}`, 'third', 180_000, Date.now())).acquired, false, 'the fenced-out runner\'s stop did not release the new holder\'s lock');
    await second.stop();
  });

  test('a runner whose lock was taken over between storing its intent and sending it does not send, and the new holder\'s NOT_SENT stands', async () => {
    let second: ReturnType<LiveHarness['runner']> | undefined;
    const first = h.runner({
      owner: 'stalled-runner',
      lockTtlMs: 1,
      hooks: {
        afterIntentStored: async () => {
          if (second !== undefined) return;
          second = h.runner({ owner: 'second-runner' });
          await second.start();
        },
      },
    });
    await first.start();
    const postsBefore = orderPosts(h).length;
    h.pushBar(1);
    await assert.rejects(first.onBarClose(), LockLostError, 'the stalled runner finds the lock gone before the send');
    assert.equal(orderPosts(h).length, postsBefore, 'its stored entry was never sent');
    const [entry] = await h.store.listIntents({ account: ACCOUNT });
    assert.equal(entry.state, 'NOT_SENT', 'the new holder\'s verdict (no venue order after its look-ups) is the truth');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await second?.stop();
  });

  test('takes over the lock of a runner whose process is gone at once, and a refused start leaves the lock free', async () => {
    const crashed = h.runner({ owner: 'host-a:4242' });
    await crashed.start();
    await assert.rejects(h.runner({ owner: 'host-a:4343' }).start(), (error: unknown) => error instanceof LiveStartRefusedError && error.code === 'LOCKED' && /host-a:4242/.test(error.message), 'a fresh holder not known to be gone is refused, named');
    const restarted = h.runner({ owner: 'host-a:4343', lockHolderGone: (owner) => owner === 'host-a:4242' });
    await restarted.start();
    const [takeover] = (await h.store.listIncidents()).filter((incident) => incident.kind === 'LOCK_TAKEN_OVER');
    assert.equal(takeover?.detail.reason, 'its process is gone', 'the audit record says why the fresh lock could be taken');
    await restarted.stop();

    const client = h.gateway();
    await client.connect();
    await (client as unknown as { exchange: { setPositionMode(hedged: boolean): Promise<unknown> } }).exchange.setPositionMode(true);
    await assert.rejects(h.runner({ owner: 'host-a:5000' }).start(), (error: unknown) => error instanceof LiveStartRefusedError && error.code === 'POSITION_MODE');
    await (client as unknown as { exchange: { setPositionMode(hedged: boolean): Promise<unknown> } }).exchange.setPositionMode(false);
    const next = h.runner({ owner: 'host-a:5001' });
    await next.start();
    assert.equal(next.readiness, 'READY', 'the start after a refused one is not refused for the lock');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await next.stop();
  });

  test('a runner\'s gateway sends no request once the runner has learnt its lock is lost', async () => {
    const gateway = h.gateway();
    await gateway.connect();
    let lost: LockLostError | undefined;
    const guarded = lockGuardedGateway(gateway, () => lost);
    assert.ok((await guarded.fetchOpenOrders()).length === 0, 'while the lock is held, requests pass');
    lost = new LockLostError(`runner:${ACCOUNT}`, 1, { owner: 'second-runner', token: 2 });
    const before = h.sim.requests().length;
    await assert.rejects(guarded.fetchOpenOrders(), LockLostError, 'a read is refused');
    await assert.rejects(guarded.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.001'), reduceOnly: false, clientOrderId: 'rp-guard-test' }), LockLostError, 'an order is refused');
    await assert.rejects(guarded.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'rp-guard-test', conditional: false }), LockLostError, 'a cancel is refused');
    assert.throws(() => guarded.marketFilters('BTCUSDT'), LockLostError, 'a synchronous call throws');
    assert.equal(h.sim.requests().length, before, 'nothing reached the venue');
  });

  test('an order placed under an id without instance part (a store from before instance ids) is still recognised as ours', async () => {
    const legacyId = clientOrderId({ account: ACCOUNT, sleeve: 'btc', symbol: 'BTCUSDT', timeMs: h.nextBarMs - 60_000, sequence: 'entry' });
    assert.deepEqual(parseClientOrderId(legacyId), { instanceId: null }, 'precondition: the old id form');
    // The old runner had set isolated margin before its order rested (the venue refuses the change beside open orders).
    const earlier = h.runner();
    await earlier.start();
    await earlier.stop();
    const gateway = h.gateway();
    await gateway.connect();
    const placed = await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: new Decimal('0.005'), price: new Decimal('30000'), reduceOnly: false, clientOrderId: legacyId });
    assert.equal(placed.status, 'PLACED', 'precondition: the old runner\'s order rests at the venue');
    const atMs = Date.now();
    await h.store.recordIntent({ clientOrderId: legacyId, account: ACCOUNT, sleeve: 'btc', symbol: 'BTCUSDT', strategy: 'scripted', side: 'BUY', quantity: '0.005', price: '30000', reduceOnly: false, createdAtMs: atMs, state: 'SENT', stateChangedAtMs: atMs });
    await h.store.recordOrderUpdate({ clientOrderId: legacyId, account: ACCOUNT, symbol: 'BTCUSDT', venueOrderId: placed.order.venueOrderId, status: 'NEW', filledQuantity: '0', averagePrice: null, atMs, reason: 'placed by the old runner' });

    const runner = h.runner();
    const report = await runner.start();
    assert.equal(runner.readiness, 'READY', 'no refusal: the old id is not another runner\'s');
    assert.deepEqual(report?.externalOrders, [], 'nor a foreign order');
    assert.equal((await h.store.listIncidents()).filter((incident) => incident.kind === 'OTHER_RUNNER' || incident.kind === 'EXTERNAL_ORDER').length, 0);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('client order ids carry the store instance id', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const instanceId = await h.store.instanceId();
    assert.ok(outcome.orders.length > 0);
    for (const order of outcome.orders) assert.deepEqual(parseClientOrderId(order.clientOrderId), { instanceId }, `${order.clientOrderId} names this store`);
    await runner.stop();
  });
});

describe('RELIABILITY case 18: one runner per venue account across stores (real ccxt client, two SQLite stores)', () => {
  let h: LiveHarness;
  let otherDir: string;
  beforeEach(async () => {
    h = await startLiveHarness();
    otherDir = mkdtempSync(join(tmpdir(), 'rampart-other-store-'));
  });
  afterEach(async () => {
    await h.close();
    rmSync(otherDir, { recursive: true, force: true });
  });

  test('a runner that finds another store\'s runner trading its account at a later bar goes NOT_READY with an alert and touches none of its orders', async () => {
    const otherStore = await openTradeStore({ stateDir: otherDir });
    try {
      const ours = h.runner({ owner: 'ours' });
      await ours.start();
      const theirs = h.runner({ owner: 'theirs', store: otherStore });
      await theirs.start();
      h.pushBar(1);
      const entered = await theirs.onBarClose();
      assert.deepEqual(entered.orders.map((order) => order.type), ['MARKET', 'STOP_MARKET'], 'precondition: the other store\'s runner holds a long with its stop');
      const postsBefore = orderPosts(h).length;
      const venueBefore = h.sim.state();

      const outcome = await ours.onBarClose();
      assert.equal(outcome.skipped, 'NOT_READY', 'no decision beside another runner');
      assert.equal(ours.readiness, 'NOT_READY');
      assert.equal(orderPosts(h).length, postsBefore, 'no order sent (no second stop on its position)');
      assert.deepEqual(h.sim.state().orders, venueBefore.orders, 'none of its orders touched');
      const otherInstance = await otherStore.instanceId();
      const alert = h.logs.find((line) => line.event === 'alert_other_runner');
      assert.match(String(alert?.fields.reason), new RegExp(`store instance ${otherInstance}`), 'the alert names the other runner');
      assert.ok((await h.store.listIncidents()).some((incident) => incident.kind === 'OTHER_RUNNER'), 'and is an incident');

      h.pushBar(1);
      assert.equal((await ours.onBarClose()).skipped, 'NOT_READY', 'the reconciliation of the next bar stays NOT_READY while the other runner\'s orders rest');
      assert.equal(orderPosts(h).length, postsBefore);
      assert.deepEqual(await h.store.listIntents(), [], 'our store holds nothing of the other runner\'s trading');
      await assertStoreMatchesVenue(otherStore, h.sim, ACCOUNT);
      await ours.stop();
      await theirs.stop();
    } finally {
      await otherStore.close();
    }
  });
});
