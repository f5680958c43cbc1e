import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createCcxtClientForVenueSim } from '../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { DEFAULT_HEALTH_THRESHOLDS, FailoverCoordinator, healthRecordingGateway, RoutingGateway } from '../../engine/failover/index.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

/**
 * The live runner, unchanged, over a RoutingGateway of two local venues: the failover is a new
 * implementation of the ExchangeGateway port, not a branch inside the runner.
 */
describe('live runner over a routing gateway: primary and fallback venues', () => {
  let h: LiveHarness;
  let fallback: VenueSim;
  let fallbackGateway: CcxtExchangeGateway;
  let nowMs = 0;

  beforeEach(async () => {
    h = await startLiveHarness({ bars: 0 });
    fallback = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, walletBalance: 10_000 });
    const client = createCcxtClientForVenueSim(fallback, { apiKey: API_KEY, secret: API_SECRET }, { fetchOpenOrders: { warnWithoutSymbol: false } });
    client.timeout = 3_000;
    fallbackGateway = new CcxtExchangeGateway(client, { venue: 'binanceusdm', apiKey: API_KEY, secret: API_SECRET, testnet: false, submission: { lookupAttempts: 3, lookupWindowMs: 100 } });
    nowMs = Date.now();
  });
  afterEach(async () => {
    await fallbackGateway.close();
    await fallback.close();
    await h.close();
  });

  /** The same closed bar on both venues (each venue's own feed). */
  function pushBoth(targetCode: number): void {
    fallback.pushCandle('BTCUSDT', { openTimeMs: h.nextBarMs, open: 60_000, high: 60_000, low: 60_000, close: 60_000, volume: targetCode, closed: true });
    fallback.setPrice('BTCUSDT', 60_000);
    h.pushBar(targetCode);
  }

  function routed() {
    const clock = { nowMs: () => nowMs };
    const coordinator = new FailoverCoordinator({
      routes: [{ sleeve: 'btc', primary: ACCOUNT, fallbacks: ['backup'] }],
      settings: { degradedForMs: 60_000, failbackAfterHealthyMs: 600_000, maxSwitchesPerWindow: 3, switchWindowMs: 3_600_000 },
      thresholds: { ...DEFAULT_HEALTH_THRESHOLDS, downAfterConsecutiveFailures: 3 },
      accounts: [
        { account: ACCOUNT, venue: 'binanceusdm' },
        { account: 'backup', venue: 'binanceusdm' },
      ],
      store: h.store,
      logger: h.logger,
      clock,
      actor: 'runner@test',
    });
    const primaryGateway = h.gateway({ circuitBreaker: { failuresToOpen: 50, openForMs: 100 } });
    const gateway = new RoutingGateway({
      accounts: [
        { account: ACCOUNT, gateway: healthRecordingGateway(primaryGateway, coordinator.health(ACCOUNT), clock.nowMs) },
        { account: 'backup', gateway: healthRecordingGateway(fallbackGateway, coordinator.health('backup'), clock.nowMs) },
      ],
      routingOf: (symbol) => (symbol === 'BTCUSDT' ? coordinator.routing('btc') : undefined),
      failed: (account) => coordinator.failed(account),
      logger: h.logger,
    });
    const evaluate = () => coordinator.evaluate(() => gateway.holderOf('BTCUSDT'));
    return { coordinator, gateway, evaluate };
  }

  test('with the primary DOWN and the sleeve flat, the runner enters on the fallback with its stop there, and the store agrees with both venues', async () => {
    for (let bar = 0; bar < 3; bar++) pushBoth(0);
    const { coordinator, gateway, evaluate } = routed();
    const runner = h.runner({ gateway });
    await runner.start();
    await evaluate();
    assert.equal(coordinator.routing('btc')?.entryAccount, ACCOUNT);
    pushBoth(0);
    assert.deepEqual((await runner.onBarClose()).orders, [], 'a flat bar with both venues answering');

    h.sim.inject({ kind: 'http5xx', status: 503, count: 10_000 });
    for (let i = 0; i < 3; i++) {
      nowMs += 1_000;
      await gateway.fetchBalances().catch(() => undefined);
    }
    const events = await evaluate();
    assert.deepEqual(events.map((event) => `${event.kind} ${event.fromAccount}->${event.toAccount}`), [`FAILOVER ${ACCOUNT}->backup`]);

    const requestsBefore = h.sim.requests().length;
    pushBoth(1);
    const bar = await runner.onBarClose();
    assert.deepEqual(bar.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['BUY MARKET false', 'SELL STOP_MARKET true'], `entry and stop, as on one venue: ${JSON.stringify(bar)} ${JSON.stringify(h.logs.filter((line) => line.level !== "info").slice(-8))}`);
    // Sized on the routed accounts' total equity (10000 + 10000, the primary's as last known): 0.05 × 20000 / 60000.
    assert.equal(fallback.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt, 0.016, 'the entry filled on the fallback');
    assert.equal(fallback.state().orders.filter((order) => order.isAlgo && order.status === 'NEW' && order.reduceOnly).length, 1, 'its protective stop rests on the fallback');
    assert.deepEqual(h.sim.requests().slice(requestsBefore).filter((request) => request.method === 'POST' && /order/i.test(request.path)), [], 'no order was sent to the failing primary');
    assert.equal(h.sim.state().positions.filter((position) => position.positionAmt !== 0).length, 0, 'the primary stays flat');
    await assertStoreMatchesVenue(h.store, fallback, ACCOUNT);

    // The primary answers again: the position stays on the fallback, and its exit goes there.
    h.sim.clearFaults();
    nowMs += 301_000; // the failures leave the health window
    for (let i = 0; i < 3; i++) await gateway.fetchBalances();
    assert.deepEqual(await evaluate(), [], 'healthy again, but no failback before the configured time');
    pushBoth(0);
    const exit = await runner.onBarClose();
    assert.deepEqual(exit.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['SELL MARKET true'], 'the exit is reduce-only');
    assert.equal(fallback.state().positions.filter((position) => position.positionAmt !== 0).length, 0, 'flat on the fallback');
    assert.equal(fallback.state().orders.filter((order) => order.isAlgo && order.status === 'NEW').length, 0, 'its stop was cancelled there');
    assert.equal(h.sim.state().orders.length, 0, 'the primary never saw an order of this position');
    await assertStoreMatchesVenue(h.store, fallback, ACCOUNT);
    await runner.stop();
  });
  test('a position open on the primary when it fails: the runner is NOT_READY, sends nothing elsewhere, and exits on the primary with its stop once it answers', async () => {
    for (let bar = 0; bar < 3; bar++) pushBoth(0);
    const { coordinator, gateway, evaluate } = routed();
    const runner = h.runner({ gateway });
    await runner.start();
    await evaluate();
    pushBoth(1);
    const entry = await runner.onBarClose();
    assert.deepEqual(entry.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['BUY MARKET false', 'SELL STOP_MARKET true'], 'entry and stop on the primary');
    const held = h.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt ?? 0;
    assert.ok(held > 0, 'long on the primary');

    h.sim.inject({ kind: 'http5xx', status: 503, count: 10_000 });
    for (let i = 0; i < 3; i++) {
      nowMs += 1_000;
      await gateway.fetchBalances().catch(() => undefined);
    }
    const events = await evaluate();
    assert.deepEqual(events.map((event) => event.kind), ['NOT_READY', 'FAILOVER'], 'the position is NOT_READY; new entries would go to the fallback');
    assert.equal(coordinator.routing('btc')?.exitAccount, ACCOUNT, 'exits stay with the primary');
    pushBoth(0);
    const blind = await runner.onBarClose();
    assert.equal(blind.skipped, 'NOT_READY', 'no decision on a position the runner cannot read');
    assert.equal(fallback.state().orders.length, 0, 'nothing was sent to the fallback: no hedge, no exit elsewhere');

    h.sim.clearFaults();
    nowMs += 301_000; // the failures leave the health window
    for (let i = 0; i < 3; i++) await gateway.fetchBalances();
    assert.deepEqual((await evaluate()).map((event) => event.kind), ['READY'], 'as run --real evaluates before each bar');
    pushBoth(0);
    const exit = await runner.onBarClose();
    assert.deepEqual(exit.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['SELL MARKET true'], `the exit goes to the primary once it answers: ${JSON.stringify(exit)}`);
    assert.equal(h.sim.state().positions.filter((position) => position.positionAmt !== 0).length, 0, 'flat on the primary');
    assert.equal(h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW').length, 0, 'its stop, resting there throughout, was cancelled with it');
    assert.equal(fallback.state().orders.length, 0);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
