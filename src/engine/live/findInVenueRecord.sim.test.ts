import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import type { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { RetryableExchangeError } from '../../domain/errors/exchangeErrors.ts';
import type { OrderRequest } from '../../domain/order/venueOrder.ts';
import { eachWithConnectedGateway, type LiveHarness } from '../../app/wiring/liveTestSupport.ts';
import { findInVenueRecord } from './findInVenueRecord.ts';

const LAG_MS = 30_000;
const market = (clientOrderId: string, side: 'BUY' | 'SELL' = 'BUY'): OrderRequest => ({ symbol: 'BTCUSDT', side, type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: side === 'SELL', clientOrderId });

describe('findInVenueRecord against the local venue (real ccxt client)', () => {
  let h: LiveHarness;
  let gateway: CcxtExchangeGateway;
  eachWithConnectedGateway((fixture) => ({ harness: h, gateway } = fixture));

  test('finds a filled order that look-ups by client order id still call "does not exist", with its venue order id and fill', async () => {
    const createdAtMs = Date.now();
    h.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    await gateway.placeOrder(market('rp-record-1'));
    assert.equal(await gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: 'rp-record-1' }), undefined, 'the look-up by client order id still answers "does not exist"');
    const found = await findInVenueRecord(gateway, 'BTCUSDT', 'rp-record-1', createdAtMs);
    const atVenue = h.sim.state().orders.find((order) => order.clientOrderId === 'rp-record-1');
    assert.equal(found?.status, 'FILLED');
    assert.equal(found?.venueOrderId, String(atVenue?.orderId));
    assert.equal(found?.executedQuantity.toString(), '0.01');
  });

  test('finds a triggered stop as the conditional order, carrying the execution of the market order it became', async () => {
    await gateway.placeOrder(market('rp-record-entry'));
    const createdAtMs = Date.now();
    h.sim.inject({ kind: 'orderNotFoundFor', ms: LAG_MS });
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: new Decimal('0.01'), stopPrice: new Decimal(59_500), reduceOnly: true, clientOrderId: 'rp-record-stop' });
    h.sim.setPrice('BTCUSDT', 59_000);
    const found = await findInVenueRecord(gateway, 'BTCUSDT', 'rp-record-stop', createdAtMs);
    const algo = h.sim.state().orders.find((order) => order.clientOrderId === 'rp-record-stop' && order.isAlgo);
    assert.equal(found?.venueOrderId, String(algo?.orderId), 'the id stored for a stop is the conditional order\'s');
    assert.equal(found?.executedQuantity.toString(), '0.01', 'the execution of the market order it became');
  });

  test('finds, through its trade, an order the orders window misses (a limit order placed before the window that fills inside it)', async () => {
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: new Decimal('0.01'), price: new Decimal(59_000), reduceOnly: false, clientOrderId: 'rp-record-limit' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const windowStartMs = Date.now();
    h.sim.setPrice('BTCUSDT', 58_900);
    const before = h.sim.requests().length;
    const found = await findInVenueRecord(gateway, 'BTCUSDT', 'rp-record-limit', windowStartMs, 0);
    assert.equal(found?.status, 'FILLED');
    assert.equal(found?.clientOrderId, 'rp-record-limit');
    assert.ok(h.sim.requests().slice(before).some((request) => request.path === '/fapi/v1/order' && /orderId=/.test(request.query)), 'asked for by the venue order id its trade carries');
  });

  test('shows nothing for an id the venue never received, after asking both books and the trades', async () => {
    await gateway.placeOrder(market('rp-record-other'));
    const before = h.sim.requests().length;
    assert.equal(await findInVenueRecord(gateway, 'BTCUSDT', 'rp-record-never-sent', Date.now()), undefined);
    const paths = h.sim.requests().slice(before).map((request) => request.path);
    for (const path of ['/fapi/v1/allOrders', '/fapi/v1/allAlgoOrders', '/fapi/v1/userTrades']) assert.ok(paths.includes(path), `${path} asked, were ${paths.join(', ')}`);
  });

  test('a failed record query throws: it is never read as "not there"', async () => {
    h.sim.inject({ kind: 'http5xx', status: 503, path: 'GET /fapi/v1/allOrders' });
    await assert.rejects(findInVenueRecord(gateway, 'BTCUSDT', 'rp-record-any', Date.now()), RetryableExchangeError);
  });
});
