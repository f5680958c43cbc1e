import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ccxt from 'ccxt';
import { createCcxtClientForVenueSim, type VenueSimCcxtClient } from './ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, BTC, SIM_SYMBOLS } from './venueSimFixtures.ts';

describe('venue simulator through a real ccxt binanceusdm client', () => {
  let sim: VenueSim;
  let ex: VenueSimCcxtClient;

  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, walletBalance: 5000 });
    ex = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
    await ex.loadMarkets();
  });
  after(async () => {
    await ex.close();
    await sim.close();
  });

  test('loadMarkets reads the symbols and their filters from exchangeInfo', () => {
    const market = ex.market(BTC);
    assert.equal(market.id, 'BTCUSDT');
    assert.equal(market.swap, true, 'a PERPETUAL contract is a swap');
    assert.equal(market.precision.amount, 0.001, 'LOT_SIZE stepSize');
    assert.equal(market.precision.price, 0.1, 'PRICE_FILTER tickSize');
    assert.equal(market.limits.cost?.min, 100, 'MIN_NOTIONAL');
    assert.ok(ex.markets?.['ETH/USDT:USDT'] !== undefined, 'every configured symbol is listed');
  });

  test('fetchBalance shows the configured wallet', async () => {
    const balance = await ex.fetchBalance();
    assert.equal(balance['USDT']?.total, 5000);
    assert.equal(balance['USDT']?.free, 5000, 'nothing is committed yet');
  });

  test('a market order with a client order id fills at the current price and opens a position', async () => {
    sim.setPrice('BTCUSDT', 61000);
    const order = await ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'entry-1' });
    assert.equal(order.status, 'closed');
    assert.equal(order.filled, 0.01);
    assert.equal(order.average, 61000);
    const fetched = await ex.fetchOrder('', BTC, { clientOrderId: 'entry-1' });
    assert.equal(fetched.id, order.id, 'the order is found by its client order id');
    const [position] = await ex.fetchPositions([BTC]);
    assert.equal(position?.contracts, 0.01);
    assert.equal(position?.side, 'long');
    const balance = await ex.fetchBalance();
    assert.ok(Math.abs((balance['USDT']?.total ?? 0) - (5000 - 0.01 * 61000 * 0.0004)) < 1e-9, 'the taker fee (4 bps) is charged');
    const trades = await ex.fetchMyTrades(BTC);
    assert.equal(trades.length, 1);
    assert.equal(trades[0]?.order, order.id);
  });

  test('closing the position realizes the PnL into the wallet', async () => {
    const walletBefore = sim.state().walletBalance;
    sim.setPrice('BTCUSDT', 62000);
    await ex.createOrder(BTC, 'market', 'sell', 0.01, undefined, { reduceOnly: true, clientOrderId: 'exit-1' });
    const state = sim.state();
    assert.equal(state.positions.length, 0, 'the position is flat');
    const expected = walletBefore + 0.01 * (62000 - 61000) - 0.01 * 62000 * 0.0004;
    assert.ok(Math.abs(state.walletBalance - expected) < 1e-9, `wallet ${state.walletBalance} should be ${expected}`);
  });

  test('a limit order rests until cancelled; a reused open client order id is rejected with -4116', async () => {
    const order = await ex.createOrder(BTC, 'limit', 'buy', 0.01, 50000, { clientOrderId: 'rest-1' });
    assert.equal(order.status, 'open');
    const open = await ex.fetchOpenOrders(BTC);
    assert.deepEqual(open.map((o) => o.clientOrderId), ['rest-1']);
    await assert.rejects(ex.createOrder(BTC, 'limit', 'buy', 0.01, 50000, { clientOrderId: 'rest-1' }), (e: unknown) => {
      assert.ok(e instanceof ccxt.InvalidOrder, `duplicate client id maps to InvalidOrder, was ${String(e)}`);
      assert.match(String(e), /-4116/);
      return true;
    });
    await ex.cancelOrder(String(order.id), BTC);
    assert.equal(sim.state().orders.find((o) => o.clientOrderId === 'rest-1')?.status, 'CANCELED');
  });

  test('a resting limit order fills at its limit price when the price path reaches it', async () => {
    await ex.createOrder(BTC, 'limit', 'buy', 0.002, 59000, { clientOrderId: 'dip-1' });
    sim.setPrice('BTCUSDT', 59500);
    assert.equal(sim.state().orders.find((o) => o.clientOrderId === 'dip-1')?.status, 'NEW', 'not reached yet');
    sim.setPrice('BTCUSDT', 58900);
    const filled = await ex.fetchOrder('', BTC, { clientOrderId: 'dip-1' });
    assert.equal(filled.status, 'closed');
    assert.equal(filled.average, 59000, 'a resting order fills at its limit');
  });

  test('a reduce-only stop-market protective order triggers on the price path and flattens', async () => {
    const stop = await ex.createOrder(BTC, 'market', 'sell', 0.002, undefined, { stopLossPrice: 58000, reduceOnly: true, clientOrderId: 'stop-1' });
    assert.equal(stop.status, 'open');
    assert.equal(sim.state().orders.find((o) => o.clientOrderId === 'stop-1')?.type, 'STOP_MARKET');
    sim.setPrice('BTCUSDT', 57900);
    assert.equal(sim.state().positions.length, 0, 'the stop closed the position');
    const fetched = await ex.fetchOrder(String(stop.id), BTC, { trigger: true });
    assert.equal(fetched.status, 'closed');
  });

  test('isolated margin and leverage are set; an unchanged margin type answers -4046 (MarginModeAlreadySet)', async () => {
    await ex.setMarginMode('isolated', BTC);
    await ex.setLeverage(5, BTC);
    assert.equal(sim.state().marginType['BTCUSDT'], 'ISOLATED');
    assert.equal(sim.state().leverage['BTCUSDT'], 5);
    await assert.rejects(ex.setMarginMode('isolated', BTC), ccxt.MarginModeAlreadySet);
    await assert.rejects(ex.setLeverage(75, BTC), 'above the symbol maximum of 50');
  });

  test('an order below the minimum notional is rejected with -4164 (InvalidOrder)', async () => {
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 0.001, undefined, { clientOrderId: 'tiny-1' }), (e: unknown) => {
      assert.ok(e instanceof ccxt.InvalidOrder, String(e));
      assert.match(String(e), /-4164/);
      return true;
    });
  });

  test('an order beyond the available margin is rejected with -2019 (InsufficientFunds)', async () => {
    // 5x leverage on ~5000 USDT allows ~25000 notional; 1 BTC is ~58000.
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 1, undefined, { clientOrderId: 'huge-1' }), ccxt.InsufficientFunds);
    assert.equal(sim.state().orders.some((o) => o.clientOrderId === 'huge-1'), false, 'a rejected order leaves no trace');
  });

  test('a wrong secret is rejected with -1022 (AuthenticationError) and a wrong key with -2015', async () => {
    const badSecret = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: 'not-the-secret' });
    const badKey = createCcxtClientForVenueSim(sim, { apiKey: 'not-the-key', secret: API_SECRET });
    try {
      await assert.rejects(badSecret.fetchBalance(), (e: unknown) => {
        assert.ok(e instanceof ccxt.AuthenticationError, String(e));
        assert.match(String(e), /-1022/);
        return true;
      });
      await assert.rejects(badKey.fetchBalance(), (e: unknown) => e instanceof ccxt.AuthenticationError && /-2015/.test(String(e)));
    } finally {
      await badSecret.close();
      await badKey.close();
    }
  });

  test('the request log names method, path and status and never carries the signature', () => {
    const log = sim.requests();
    assert.ok(log.some((r) => r.method === 'POST' && r.path === '/fapi/v1/order' && r.status === 200));
    assert.ok(log.some((r) => r.status === 401), 'the bad-key request is logged');
    assert.ok(log.every((r) => !r.path.includes('signature') && !r.path.includes('?')));
  });

  test('every response carries the used-weight header', async () => {
    const response = await fetch(`${sim.url}/fapi/v1/ping`);
    assert.match(response.headers.get('x-mbx-used-weight-1m') ?? '', /^\d+$/);
  });
});
