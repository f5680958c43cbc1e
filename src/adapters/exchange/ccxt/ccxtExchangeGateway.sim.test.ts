import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { OrderDeniedError, RateLimitedError } from '../../../domain/errors/exchangeErrors.ts';
import { clientOrderId } from '../../../domain/order/clientOrderId.ts';
import type { OrderRequest } from '../../../domain/order/venueOrder.ts';
import { createCcxtClientForVenueSim } from '../venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from '../venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../venueSim/venueSimFixtures.ts';
import { CcxtExchangeGateway } from './ccxtExchangeGateway.ts';

let sequence = 0;
function marketBuy(quantity: string, overrides: Partial<OrderRequest> = {}): OrderRequest {
  sequence += 1;
  return {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: new Decimal(quantity),
    reduceOnly: false,
    clientOrderId: clientOrderId({ account: 'test', sleeve: 'btc', symbol: 'BTCUSDT', timeMs: 1_700_000_000_000, sequence }),
    ...overrides,
  };
}

describe('CcxtExchangeGateway against the local venue (real ccxt binanceusdm client)', () => {
  let sim: VenueSim;
  let gateway: CcxtExchangeGateway;
  /** Waits the gateway asked for, ms; they are shortened so the suite stays fast. */
  const requestedSleepsMs: number[] = [];

  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, walletBalance: 5000 });
    gateway = new CcxtExchangeGateway(createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET }), {
      venue: 'binanceusdm',
      apiKey: API_KEY,
      secret: API_SECRET,
      testnet: false,
      submission: { lookupAttempts: 6, lookupWindowMs: 1_000 },
      sleep: (ms) => {
        requestedSleepsMs.push(ms);
        return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200)));
      },
    });
    await gateway.connect();
    gateway.setReferencePrice('BTCUSDT', new Decimal(60000));
  });
  after(async () => {
    await gateway.close();
    await sim.close();
  });
  afterEach(() => {
    sim.clearFaults();
    requestedSleepsMs.length = 0;
  });

  const ordersWith = (clientOrderId: string) => sim.state().orders.filter((order) => order.clientOrderId === clientOrderId);
  const postsSince = (count: number) => sim.requests().slice(count).filter((request) => request.method === 'POST' && request.path.endsWith('/order')).length;

  test('isolated margin already set (-4046) counts as success (before any position exists)', async () => {
    await gateway.setIsolatedMargin('BTCUSDT');
    sim.inject({ kind: 'binanceError', code: -4046, msg: 'No need to change margin type.', path: '/fapi/v1/marginType' });
    await gateway.setIsolatedMargin('BTCUSDT');
    await gateway.setLeverage('BTCUSDT', 3);
    assert.equal(sim.state().marginType.BTCUSDT, 'ISOLATED');
    assert.equal(sim.state().leverage.BTCUSDT, 3);
  });

  test('places a limit order, finds it by client order id and cancels it', async () => {
    const request = marketBuy('0.01', { type: 'LIMIT', price: new Decimal('50000.04') });
    const placed = await gateway.placeOrder(request);
    assert.equal(placed.status, 'PLACED');
    assert.equal(placed.status === 'PLACED' && placed.order.price?.toString(), '50000', 'price rounded to the 0.1 tick');
    const found = await gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: request.clientOrderId });
    assert.equal(found?.status, 'NEW', 'the resting order is found by its client order id');
    const cancelled = await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: request.clientOrderId });
    assert.equal(cancelled?.status, 'CANCELED');
    assert.equal(ordersWith(request.clientOrderId)[0]?.status, 'CANCELED', 'the venue agrees');
  });

  test('an order accepted and then answered 503 is found by client order id: exactly one venue order', async () => {
    sim.inject({ kind: 'http5xxAfterAccept' });
    const request = marketBuy('0.01');
    const before = sim.requests().length;
    const outcome = await gateway.placeOrder(request);
    assert.equal(outcome.status, 'PLACED', 'the look-up resolves the unknown outcome');
    assert.equal(outcome.status === 'PLACED' && outcome.via, 'FOUND_AFTER_UNKNOWN');
    assert.equal(ordersWith(request.clientOrderId).length, 1, 'exactly one venue order for the intent');
    assert.equal(postsSince(before), 1, 'no second POST');
  });

  test('a double submit of the same intent leaves one order', async () => {
    const request = marketBuy('0.01');
    const first = await gateway.placeOrder(request);
    const second = await gateway.placeOrder(request);
    assert.equal(first.status, 'PLACED');
    assert.equal(second.status, 'PLACED', 'the duplicate id (-4116) is treated as placed');
    assert.equal(second.status === 'PLACED' && second.via, 'DUPLICATE');
    assert.equal(ordersWith(request.clientOrderId).length, 1, 'one order only');
  });

  test('-2019 margin insufficient is denied without a retry', async () => {
    sim.inject({ kind: 'binanceError', code: -2019, msg: 'Margin is insufficient.' });
    const before = sim.requests().length;
    await assert.rejects(gateway.placeOrder(marketBuy('0.01')), (error: unknown) => error instanceof OrderDeniedError && error.reason === 'MARGIN_INSUFFICIENT' && !error.local);
    assert.equal(postsSince(before), 1, 'exactly one POST: no retry loop');
  });

  test('min notional, lot and tick violations are caught locally with zero HTTP calls', async () => {
    const before = sim.requests().length;
    await assert.rejects(gateway.placeOrder(marketBuy('0.001')), (error: unknown) => error instanceof OrderDeniedError && error.reason === 'BELOW_MIN_NOTIONAL' && error.local, '0.001 × 60000 = 60 < 100');
    await assert.rejects(gateway.placeOrder(marketBuy('0.0009')), (error: unknown) => error instanceof OrderDeniedError && error.reason === 'BELOW_MIN_QUANTITY', 'floors to 0, never enlarged to the minimum');
    await assert.rejects(gateway.placeOrder(marketBuy('0.01', { type: 'LIMIT', price: new Decimal('0.04') })), (error: unknown) => error instanceof OrderDeniedError && error.local, 'a price below one tick');
    assert.equal(sim.requests().length, before, 'no request reached the venue');
  });

  test('429 with Retry-After is waited out, then the same id is sent once more', async () => {
    sim.inject({ kind: 'rateLimit', status: 429, retryAfterSeconds: 3, path: '/fapi/v1/order' });
    const request = marketBuy('0.01');
    const outcome = await gateway.placeOrder(request);
    assert.equal(outcome.status, 'PLACED');
    assert.ok(requestedSleepsMs.some((ms) => ms >= 3000), `a wait of at least Retry-After (3000 ms) was asked for, was ${requestedSleepsMs.join(', ')}`);
    assert.equal(ordersWith(request.clientOrderId).length, 1);
  });

  test('-1021 resyncs the clock and resends the same client order id', async () => {
    sim.inject({ kind: 'binanceError', code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.', path: '/fapi/v1/order' });
    const before = sim.requests().length;
    const request = marketBuy('0.01');
    const outcome = await gateway.placeOrder(request);
    assert.equal(outcome.status, 'PLACED');
    const log = sim.requests().slice(before).map((entry) => `${entry.method} ${entry.path}`);
    assert.ok(log.includes('GET /fapi/v1/time'), `the offset is re-measured: ${log.join(', ')}`);
    assert.equal(postsSince(before), 2, 'the rejected POST and one resend');
    assert.equal(ordersWith(request.clientOrderId).length, 1, 'the resend used the same id');
  });

  test('a false "not found" after an unknown outcome is not taken as not placed', async () => {
    sim.inject({ kind: 'orderNotFoundFor', ms: 500 });
    sim.inject({ kind: 'http5xxAfterAccept' });
    const request = marketBuy('0.01');
    const before = sim.requests().length;
    const outcome = await gateway.placeOrder(request);
    const lookups = sim.requests().slice(before).filter((entry) => entry.method === 'GET' && entry.path === '/fapi/v1/order').length;
    assert.equal(outcome.status, 'PLACED', 'found once the lag is over');
    assert.ok(lookups >= 2, `looked up more than once, was ${lookups}`);
    assert.equal(postsSince(before), 1, 'never re-sent');
  });

  test('a partial fill then cancel keeps the executed quantity', async () => {
    sim.inject({ kind: 'partialFill', fraction: 0.4, thenCancel: true });
    const request = marketBuy('0.01', { type: 'LIMIT', price: new Decimal('60000') });
    const outcome = await gateway.placeOrder(request);
    assert.equal(outcome.status, 'PLACED');
    const order = await gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: request.clientOrderId });
    assert.equal(order?.status, 'CANCELED');
    assert.equal(order?.executedQuantity.toString(), '0.004', '40% of 0.01 stays executed');
  });

  test('a protective STOP_MARKET is placed reduce-only and found in the conditional book', async () => {
    const request = marketBuy('0.01', { side: 'SELL', type: 'STOP_MARKET', stopPrice: new Decimal('55000.03'), reduceOnly: true });
    const outcome = await gateway.placeOrder(request);
    assert.equal(outcome.status, 'PLACED');
    const open = await gateway.fetchOpenOrders('BTCUSDT');
    const stop = open.find((order) => order.clientOrderId === request.clientOrderId);
    assert.ok(stop !== undefined, 'listed among open orders');
    assert.equal(stop.reduceOnly, true);
    assert.equal(stop.stopPrice?.toString(), '55000', 'trigger rounded to the tick');
    await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: request.clientOrderId, conditional: true });
  });

  test('reads positions and balances as decimals', async () => {
    const positions = await gateway.fetchPositions(['BTCUSDT']);
    const venue = sim.state().positions.find((position) => position.symbol === 'BTCUSDT');
    assert.equal(positions[0]?.quantity.toNumber(), venue?.positionAmt, 'position agrees with the venue');
    const usdt = (await gateway.fetchBalances()).find((balance) => balance.asset === 'USDT');
    assert.ok(usdt !== undefined && usdt.total.gt(0));
  });

  // Last: the ban blocks the gateway for the rest of the suite.
  test('418 stops all requests until the ban lifts', async () => {
    sim.inject({ kind: 'rateLimit', status: 418, retryAfterSeconds: 120, path: '/fapi/v1/order' });
    await assert.rejects(gateway.placeOrder(marketBuy('0.01')), (error: unknown) => error instanceof RateLimitedError && error.banned && error.retryAfterMs === 120_000);
    const before = sim.requests().length;
    await assert.rejects(gateway.fetchBalances(), (error: unknown) => error instanceof RateLimitedError && error.banned, 'reads are stopped too');
    await assert.rejects(gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: 'rp-x' }), RateLimitedError);
    assert.equal(sim.requests().length, before, 'no request reached the venue during the ban');
  });
});
