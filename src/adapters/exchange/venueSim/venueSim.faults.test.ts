import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import ccxt from 'ccxt';
import { createCcxtClientForVenueSim, type VenueSimCcxtClient } from './ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, BTC, SIM_SYMBOLS } from './venueSimFixtures.ts';

describe('venue simulator faults, observed through ccxt', () => {
  let sim: VenueSim;
  let ex: VenueSimCcxtClient;
  let clockOffsetMs = 0;

  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, nowMs: () => Date.now() + clockOffsetMs });
    ex = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
    ex.timeout = 400;
    await ex.loadMarkets();
  });
  beforeEach(() => sim.clearFaults());
  after(async () => {
    await ex.close();
    await sim.close();
  });

  const ordersWithClientId = (id: string) => sim.state().orders.filter((o) => o.clientOrderId === id);

  test('5xx after accept: ccxt sees an error but the venue holds exactly one order, found by client id', async () => {
    sim.inject({ kind: 'http5xxAfterAccept' });
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'fx-503' }), ccxt.ExchangeNotAvailable);
    assert.equal(ordersWithClientId('fx-503').length, 1, 'the order was placed despite the 503');
    const found = await ex.fetchOrder('', BTC, { clientOrderId: 'fx-503' });
    assert.equal(found.status, 'closed');
  });

  test('timeout after accept: the request times out but the order exists', async () => {
    sim.inject({ kind: 'timeoutAfterAccept' });
    await assert.rejects(ex.createOrder(BTC, 'market', 'sell', 0.002, undefined, { clientOrderId: 'fx-hang' }), ccxt.RequestTimeout);
    assert.equal(ordersWithClientId('fx-hang').length, 1);
    assert.equal(sim.requests().filter((r) => r.path === '/fapi/v1/order').at(-1)?.status, 0, 'logged as never answered');
  });

  test('timeout before processing: the request times out and nothing is placed', async () => {
    sim.inject({ kind: 'timeout', path: 'POST /fapi/v1/order' });
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'fx-lost' }), ccxt.RequestTimeout);
    assert.equal(ordersWithClientId('fx-lost').length, 0);
  });

  test('429 with Retry-After maps to DDoSProtection (RateLimitExceeded family) and the header is sent', async () => {
    sim.inject({ kind: 'rateLimit', status: 429, retryAfterSeconds: 7, path: '/fapi/v3/account' });
    await assert.rejects(ex.fetchBalance(), ccxt.DDoSProtection);
    sim.inject({ kind: 'rateLimit', status: 418, retryAfterSeconds: 120 });
    const response = await fetch(`${sim.url}/fapi/v1/time`);
    assert.equal(response.status, 418);
    assert.equal(response.headers.get('retry-after'), '120');
    const body = (await response.json()) as { code: number };
    assert.equal(body.code, -1003);
    await ex.fetchBalance(); // the fault was used up
  });

  test('injected Binance errors map like production: -2019 InsufficientFunds, -4164 InvalidOrder, -1007 RequestTimeout', async () => {
    sim.inject({ kind: 'binanceError', code: -2019, msg: 'Margin is insufficient.' });
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'fx-2019' }), ccxt.InsufficientFunds);
    sim.inject({ kind: 'binanceError', code: -4164 });
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'fx-4164' }), ccxt.InvalidOrder);
    sim.inject({ kind: 'binanceError', code: -1007, httpStatus: 408 });
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'fx-1007' }), ccxt.RequestTimeout);
    assert.equal(ordersWithClientId('fx-2019').length + ordersWithClientId('fx-4164').length, 0, 'injected rejections place nothing');
  });

  test('clock skew beyond recvWindow answers -1021, which ccxt maps to InvalidNonce', async () => {
    sim.inject({ kind: 'clockSkewMs', ms: -10_000 });
    await assert.rejects(ex.fetchBalance(), (e: unknown) => {
      assert.ok(e instanceof ccxt.InvalidNonce, String(e));
      assert.match(String(e), /-1021/);
      return true;
    });
    const time = await ex.fetchTime();
    assert.ok(time !== undefined && Math.abs(time - (Date.now() - 10_000)) < 2000, '/fapi/v1/time shows the skewed clock');
    sim.clearFaults();
    await ex.fetchBalance();
  });

  test('the "false not found" lag answers -2013 (OrderNotFound) until it passes', async () => {
    sim.inject({ kind: 'orderNotFoundFor', ms: 2000 });
    await ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'fx-lag' });
    await assert.rejects(ex.fetchOrder('', BTC, { clientOrderId: 'fx-lag' }), ccxt.OrderNotFound);
    clockOffsetMs += 2500; // the venue's clock moves on; still inside ccxt's recvWindow
    try {
      const found = await ex.fetchOrder('', BTC, { clientOrderId: 'fx-lag' });
      assert.equal(found.clientOrderId, 'fx-lag');
    } finally {
      clockOffsetMs = 0;
    }
  });

  test('a partial fill then cancel leaves the filled part as position and the order CANCELED', async () => {
    await ex.createOrder(BTC, 'market', 'sell', 0.006, undefined, { reduceOnly: true, clientOrderId: 'fx-flat' });
    assert.equal(sim.state().positions.length, 0, 'start flat');
    sim.inject({ kind: 'partialFill', fraction: 0.4, thenCancel: true });
    const order = await ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'fx-part' });
    assert.equal(order.status, 'canceled');
    assert.equal(order.filled, 0.004);
    assert.equal(sim.state().positions[0]?.positionAmt, 0.004);
  });

  test('latency delays but does not fail the request', async () => {
    sim.inject({ kind: 'latency', ms: 50, path: '/fapi/v1/time' });
    assert.ok((await ex.fetchTime()) !== undefined);
  });
});

describe('venue simulator websockets through ccxt.pro', () => {
  let sim: VenueSim;
  let ex: VenueSimCcxtClient;

  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    ex = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
    await ex.loadMarkets();
  });
  after(async () => {
    await ex.close();
    await sim.close();
  });

  test('watchOrders receives the ORDER_TRADE_UPDATE of a fill', async () => {
    const first = ex.watchOrders(BTC);
    await waitFor(() => sim.requests().some((r) => r.path === '/fapi/v1/listenKey'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'ws-fill' });
    let orders = await first;
    while (!orders.some((o) => o.clientOrderId === 'ws-fill' && o.status === 'closed')) orders = await ex.watchOrders(BTC);
    const filled = orders.find((o) => o.clientOrderId === 'ws-fill' && o.status === 'closed');
    assert.equal(filled?.filled, 0.002);
  });

  test('watchOHLCV receives a pushed candle on the kline stream and klines REST serves the history', async () => {
    const openTimeMs = Math.floor(Date.now() / 60_000) * 60_000;
    const watching = ex.watchOHLCV(BTC, '1m');
    await new Promise((resolve) => setTimeout(resolve, 200));
    sim.pushCandle('BTCUSDT', { openTimeMs, open: 60000, high: 60100, low: 59900, close: 60050, volume: 12, closed: true });
    const candles = await watching;
    assert.deepEqual(candles.at(-1), [openTimeMs, 60000, 60100, 59900, 60050, 12]);
    const history = await ex.fetchOHLCV(BTC, '1m');
    assert.deepEqual(history.at(-1), [openTimeMs, 60000, 60100, 59900, 60050, 12]);
  });

  test('an expired listenKey is announced on the stream and keepalive answers -1125', async () => {
    const key = (await ex.fapiPrivatePostListenKey()) as { listenKey: string };
    sim.expireListenKeys();
    await assert.rejects(ex.fapiPrivatePutListenKey({ listenKey: key.listenKey }), /-1125/);
    const fresh = (await ex.fapiPrivatePostListenKey()) as { listenKey: string };
    assert.notEqual(fresh.listenKey, key.listenKey, 'a new key is issued after expiry');
  });

  test('dropped websockets make a pending watch fail with a network error', async () => {
    const watching = ex.watchOHLCV(BTC, '1m');
    await new Promise((resolve) => setTimeout(resolve, 100));
    sim.dropWebsockets();
    await assert.rejects(watching, ccxt.NetworkError);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'condition reached');
}
