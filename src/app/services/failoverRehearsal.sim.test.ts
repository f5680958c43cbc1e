import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createCcxtClientForVenueSim } from '../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { OrderDeniedError, RetryableExchangeError } from '../../domain/errors/exchangeErrors.ts';
import type { OrderRequest } from '../../domain/order/venueOrder.ts';
import { FailoverCoordinator, healthRecordingGateway, RoutingGateway } from '../../engine/failover/index.ts';
import type { LogValue, Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { validateConfig } from '../config/loadConfig.ts';
import { acknowledgeFailover, exchangesStatus, sleeveRoutes } from './exchangesStatus.ts';
import { checkRoutingVenues } from './routingVenueCheck.ts';
import { failoverSwitchCounts } from './failoverSwitchCounts.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const config = validateConfig(
  {
    name: 'failover rehearsal',
    market: { type: 'futures', leverage: 2 },
    risk: { accounts: { main: 'normal', backup: 'normal', narrow: 'normal' } },
    sleeves: [
      { name: 'btc', symbol: 'BTCUSDT', weight: 0.4, strategy: 'tsmom_ema', account: 'main' },
      { name: 'eth', symbol: 'ETHUSDT', weight: 0.4, strategy: 'tsmom_ema', account: 'main' },
    ],
    routing: {
      sleeves: { btc: { fallbacks: ['backup'] }, eth: { fallbacks: ['backup'] } },
      health: { windowMs: 60_000, minSamples: 3, downAfterConsecutiveFailures: 3 },
      failover: { degradedForMs: 30_000, failbackAfterHealthyMs: 300_000, maxSwitchesPerWindow: 3, switchWindowMs: 3_600_000 },
    },
  },
  'rehearsal.yaml',
);

function order(clientOrderId: string, symbol: string, side: 'BUY' | 'SELL', quantity: string, extra: Partial<OrderRequest> = {}): OrderRequest {
  return { symbol, side, type: 'MARKET', quantity: new Decimal(quantity), reduceOnly: false, clientOrderId, ...extra };
}

describe('failover rehearsal: two local venues as primary and fallback accounts', () => {
  let primary: VenueSim;
  let fallback: VenueSim;
  let narrow: VenueSim;
  const gateways = new Map<string, CcxtExchangeGateway>();
  let store: TradeStore;
  let dir = '';
  let nowMs = Date.parse('2026-12-05T08:00:00Z');
  const clock = { nowMs: () => nowMs };
  const logs: Array<{ level: string; event: string; fields: Record<string, LogValue> }> = [];
  const logger: Logger = {
    info: (event, fields = {}) => void logs.push({ level: 'info', event, fields }),
    warn: (event, fields = {}) => void logs.push({ level: 'warn', event, fields }),
    error: (event, fields = {}) => void logs.push({ level: 'error', event, fields }),
  };
  let coordinator: FailoverCoordinator;
  let routed: RoutingGateway;
  const symbolOf = (sleeve: string): string => config.sleeves.find((each) => each.name === sleeve)?.symbol ?? '';
  const sleeveOf = (symbol: string): string => config.sleeves.find((each) => each.symbol === symbol)?.name ?? '';
  /** The non-zero series of exchange_failover_events_total as the store has them. */
  const metric = async () => (await failoverSwitchCounts(config, store)).filter((series) => series.count > 0).map((series) => `${series.from}->${series.to} ${series.count}`);
  const evaluate = () => coordinator.evaluate((sleeve) => routed.holderOf(symbolOf(sleeve)));
  const ordersWith = (sim: VenueSim, id: string) => sim.state().orders.filter((each) => each.clientOrderId === id);
  const positionOn = (sim: VenueSim, symbol: string) => sim.state().positions.find((each) => each.symbol === symbol)?.positionAmt ?? 0;
  /** Reads through the routed gateway, as a runner's bar would; failures are what the health sees. */
  const pollReads = async (times: number) => {
    for (let i = 0; i < times; i++) {
      nowMs += 1_000;
      await routed.fetchBalances().catch(() => undefined);
      await routed.fetchPositions().catch(() => undefined);
    }
  };
  const openGateway = async (sim: VenueSim): Promise<CcxtExchangeGateway> => {
    const client = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
    client.timeout = 600;
    const gateway = new CcxtExchangeGateway(client, {
      venue: 'binanceusdm',
      apiKey: API_KEY,
      secret: API_SECRET,
      testnet: false,
      submission: { lookupAttempts: 2, lookupWindowMs: 200 },
      circuitBreaker: { failuresToOpen: 4, openForMs: 400 },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    });
    await gateway.connect();
    return gateway;
  };
  /** Lets the primary's circuit breaker send its probe after the venue recovered. */
  const waitForProbe = () => new Promise((resolve) => setTimeout(resolve, 450));

  before(async () => {
    primary = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    fallback = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    narrow = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS.filter((each) => each.symbol === 'ETHUSDT') });
    assert.notEqual(new URL(primary.url).port, new URL(fallback.url).port, 'two venues on different ports');
    gateways.set('main', await openGateway(primary));
    gateways.set('backup', await openGateway(fallback));
    gateways.set('narrow', await openGateway(narrow));
    dir = mkdtempSync(join(tmpdir(), 'rampart-failover-'));
    store = await openTradeStore({ stateDir: dir });
    coordinator = new FailoverCoordinator({
      routes: sleeveRoutes(config),
      settings: config.routing.failover,
      thresholds: config.routing.health,
      accounts: [
        { account: 'main', venue: 'binanceusdm' },
        { account: 'backup', venue: 'binanceusdm' },
      ],
      store,
      logger,
      clock,
      actor: 'runner@rehearsal',
      requestStatus: (account) => {
        const status = gateways.get(account)?.requestStatus();
        return status === undefined ? undefined : { circuit: status.circuit, bannedUntilMs: status.banned ? nowMs + status.rateLimitedForMs : null };
      },
    });
    routed = new RoutingGateway({
      accounts: ['main', 'backup'].map((account) => ({ account, gateway: healthRecordingGateway(gateways.get(account) as CcxtExchangeGateway, coordinator.health(account), clock.nowMs) })),
      routingOf: (symbol) => coordinator.routing(sleeveOf(symbol)),
      failed: (account) => coordinator.failed(account),
      logger,
    });
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      await routed.setIsolatedMargin(symbol);
      await routed.setLeverage(symbol, 2);
    }
    routed.setReferencePrice('BTCUSDT', new Decimal(60_000));
    routed.setReferencePrice('ETHUSDT', new Decimal(3_000));
  });

  after(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const gateway of gateways.values()) await gateway.close();
    for (const sim of [primary, fallback, narrow]) await sim?.close();
  });

  test('a fallback that does not list the symbol is refused at load with its key path', () => {
    const narrowed = validateConfig({ ...config, routing: { ...config.routing, sleeves: { btc: { fallbacks: ['narrow'] }, eth: { fallbacks: ['narrow'] } } } }, 'narrow.yaml');
    assert.throws(
      () => checkRoutingVenues(narrowed, (account) => gateways.get(account) as CcxtExchangeGateway, 'narrow.yaml'),
      (error: unknown) => error instanceof InputError && error.details.keyPath === 'routing.sleeves.btc.fallbacks[0]' && /account "narrow" on binanceusdm does not trade BTCUSDT/.test(error.message) && !/eth/.test(error.message.split('\n').slice(1).join()),
    );
    checkRoutingVenues(config, (account) => gateways.get(account) as CcxtExchangeGateway, 'rehearsal.yaml');
  });

  test('1. healthy primary: the entry and its protective stop rest on the primary', async () => {
    await pollReads(3);
    await evaluate();
    assert.equal(coordinator.routing('btc')?.entryAccount, 'main');
    const entry = await routed.placeOrder(order('rh-btc-entry', 'BTCUSDT', 'BUY', '0.002'));
    assert.equal(entry.status, 'PLACED');
    await routed.placeOrder(order('rh-btc-stop', 'BTCUSDT', 'SELL', '0.002', { type: 'STOP_MARKET', stopPrice: new Decimal(55_000), reduceOnly: true }));
    assert.equal(positionOn(primary, 'BTCUSDT'), 0.002);
    assert.equal(ordersWith(primary, 'rh-btc-stop')[0]?.status, 'NEW', 'the stop rests on the primary');
    assert.equal(fallback.state().orders.length, 0, 'nothing on the fallback');
    await pollReads(1);
    const status = await exchangesStatus(config, store, nowMs);
    assert.equal(status.failoverActive, false);
    assert.deepEqual(status.accounts.map((row) => [row.account, row.state]), [['backup', 'HEALTHY'], ['main', 'HEALTHY']]);
  });

  test('2. the primary fails (5xx, then timeouts): entries move to the fallback, the open position is NOT_READY and never hedged', async () => {
    primary.inject({ kind: 'http5xx', status: 503, count: 3 });
    await pollReads(2);
    primary.inject({ kind: 'timeout', count: 1_000 });
    await pollReads(2);
    const events = await evaluate();
    assert.deepEqual(events.map((event) => `${event.sleeve}:${event.kind}:${event.fromAccount}->${event.toAccount}`), ['btc:NOT_READY:main->null', 'btc:FAILOVER:main->backup', 'eth:FAILOVER:main->backup']);
    assert.ok(logs.some((line) => line.level === 'error' && line.event === 'alert_position_not_ready'), 'the NOT_READY position alerts');
    assert.equal(coordinator.snapshots().find((each) => each.account === 'main')?.state, 'DOWN');

    await routed.placeOrder(order('rh-eth-entry', 'ETHUSDT', 'BUY', '0.1'));
    assert.equal(positionOn(fallback, 'ETHUSDT'), 0.1, 'the new entry went to the fallback');
    assert.equal(primary.requests().some((request) => request.path.includes('order') && String(request.query ?? '').includes('rh-eth-entry')), false);

    await assert.rejects(routed.placeOrder(order('rh-btc-add', 'BTCUSDT', 'BUY', '0.002')), (error: unknown) => error instanceof RetryableExchangeError && /NOT_READY/.test(error.message));
    await assert.rejects(routed.placeOrder(order('rh-btc-exit-early', 'BTCUSDT', 'SELL', '0.002', { reduceOnly: true })));
    assert.equal(ordersWith(fallback, 'rh-btc-add').length + ordersWith(fallback, 'rh-btc-exit-early').length, 0, 'no order of the primary position ever reaches the fallback');
    assert.equal(positionOn(fallback, 'BTCUSDT'), 0, 'no hedge on the fallback');

    const status = await exchangesStatus(config, store, nowMs);
    assert.equal(status.failoverActive, true);
    assert.deepEqual(status.sleeves.map((row) => [row.sleeve, row.activeAccount, row.notReadyOn]), [['btc', 'backup', 'main'], ['eth', 'backup', null]]);
    assert.deepEqual(await metric(), ['main->backup 2'], 'one failover per sleeve, counted under the primary account');
  });

  test('3. the primary answers again: its position exits there, where its stop still rests', async () => {
    primary.clearFaults();
    await waitForProbe();
    nowMs += 61_000; // the failures leave the 60 s window
    await pollReads(3);
    assert.equal(ordersWith(primary, 'rh-btc-stop')[0]?.status, 'NEW', 'the protective stop stayed on the primary throughout');
    assert.deepEqual((await evaluate()).map((event) => `${event.sleeve}:${event.kind}`), ['btc:READY'], 'the position on the primary is manageable again');
    assert.equal(coordinator.routing('btc')?.exitAccount, 'main');
    const exit = await routed.placeOrder(order('rh-btc-exit', 'BTCUSDT', 'SELL', '0.002', { reduceOnly: true }));
    assert.equal(exit.status, 'PLACED');
    await routed.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'rh-btc-stop', conditional: true });
    assert.equal(positionOn(primary, 'BTCUSDT'), 0, 'flat on the primary');
    assert.equal(ordersWith(fallback, 'rh-btc-exit').length, 0);
    await pollReads(1);
    assert.deepEqual(await evaluate(), [], 'flat, but healthy for less than the failback time: entries stay on the fallback');
    assert.equal(coordinator.routing('btc')?.entryAccount, 'backup');
  });

  test('4. failback waits for the configured healthy time, and a sleeve still open on the fallback stays there', async () => {
    nowMs += 200_000;
    await pollReads(1);
    assert.deepEqual(await evaluate(), [], 'healthy for less than 300 s: no failback yet');
    nowMs += 120_000;
    await pollReads(1);
    const events = await evaluate();
    assert.deepEqual(events.map((event) => `${event.sleeve}:${event.kind}:${event.fromAccount}->${event.toAccount}`), ['btc:FAILBACK:backup->main'], 'eth holds ETHUSDT on the fallback: it stays until flat');
    assert.equal(coordinator.routing('btc')?.entryAccount, 'main');
  });

  test('5. a third switch within the hour stops new entries and alerts until an operator acknowledges', async () => {
    primary.inject({ kind: 'http5xx', status: 502, count: 1_000 });
    await pollReads(4);
    const events = await evaluate();
    assert.deepEqual(events.map((event) => `${event.sleeve}:${event.kind}`), ['btc:FAILOVER', 'btc:ENTRIES_STOPPED']);
    assert.ok(logs.some((line) => line.level === 'error' && line.event === 'alert_failover_entries_stopped'));
    await assert.rejects(routed.placeOrder(order('rh-btc-stopped', 'BTCUSDT', 'BUY', '0.002')), (error: unknown) => error instanceof OrderDeniedError && error.local);
    assert.equal(ordersWith(primary, 'rh-btc-stopped').length + ordersWith(fallback, 'rh-btc-stopped').length, 0, 'no venue saw the refused entry');
    const stopped = await exchangesStatus(config, store, nowMs);
    assert.deepEqual(stopped.sleeves.map((row) => [row.sleeve, row.entriesStopped, row.switchesLastHour]), [['btc', true, 3], ['eth', false, 1]]);
    assert.deepEqual(await metric(), ['main->backup 3', 'backup->main 1']);

    await acknowledgeFailover({ config, store, sleeve: 'btc', reason: 'primary venue incident, ticket 42', actor: 'ops@desk', nowMs: nowMs + 1 });
    nowMs += 1_000;
    await pollReads(1);
    await evaluate();
    assert.equal(coordinator.routing('btc')?.entryAccount, 'backup', 'acknowledged: entries resume on the fallback');
    await routed.placeOrder(order('rh-btc-again', 'BTCUSDT', 'BUY', '0.002'));
    assert.equal(positionOn(fallback, 'BTCUSDT'), 0.002);
  });

  test('6. at the end nothing is duplicated and both venues agree with what the routed gateway reports', async () => {
    primary.clearFaults();
    await waitForProbe();
    const ids = [...primary.state().orders, ...fallback.state().orders].map((each) => each.clientOrderId);
    assert.equal(new Set(ids).size, ids.length, `every client order id on exactly one venue, once: ${ids.join(', ')}`);
    const reported = (await routed.fetchPositions()).map((position) => [position.symbol, position.quantity.toString()]).sort();
    const onVenues = [...primary.state().positions, ...fallback.state().positions].filter((each) => each.positionAmt !== 0).map((each) => [each.symbol, String(each.positionAmt)]).sort();
    assert.deepEqual(reported, onVenues);
    assert.deepEqual(onVenues, [['BTCUSDT', '0.002'], ['ETHUSDT', '0.1']]);
    const kinds = (await store.listFailoverEvents()).map((event) => `${event.sleeve}:${event.kind}`);
    assert.deepEqual(kinds, ['btc:NOT_READY', 'btc:FAILOVER', 'eth:FAILOVER', 'btc:READY', 'btc:FAILBACK', 'btc:FAILOVER', 'btc:ENTRIES_STOPPED', 'btc:ACKNOWLEDGED']);
  });
});
