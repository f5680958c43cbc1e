// The gateway's queries of the venue's own record (allOrders / allAlgoOrders by startTime, an order by
// its venue order id), against the local venue with a real ccxt binanceusdm client.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { eachWithConnectedGateway, type LiveHarness } from '../../../app/wiring/liveTestSupport.ts';
import type { CcxtExchangeGateway } from './ccxtExchangeGateway.ts';

const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('CcxtExchangeGateway venue-record queries (local venue)', () => {
  let h: LiveHarness;
  let gateway: CcxtExchangeGateway;
  eachWithConnectedGateway((fixture) => ({ harness: h, gateway } = fixture));

  test('fetchOrdersSince lists the orders of one book placed from sinceMs on, whatever their status', async () => {
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId: 'rp-before' });
    await sleepMs(20);
    const sinceMs = Date.now();
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId: 'rp-after' });
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: new Decimal('0.02'), stopPrice: new Decimal(50_000), reduceOnly: true, clientOrderId: 'rp-stop' });
    const regular = await gateway.fetchOrdersSince('BTCUSDT', sinceMs);
    assert.deepEqual(regular.map((order) => [order.clientOrderId, order.status]), [['rp-after', 'FILLED']], 'the filled order after sinceMs only; the stop is not in the regular book');
    const conditional = await gateway.fetchOrdersSince('BTCUSDT', sinceMs, { conditional: true });
    assert.deepEqual(conditional.map((order) => [order.clientOrderId, order.type]), [['rp-stop', 'STOP_MARKET']]);
  });

  test('while look-ups by client order id answer "does not exist", the venue record already lists the order and its trade', async () => {
    const sinceMs = Date.now();
    h.sim.inject({ kind: 'orderNotFoundFor', ms: 30_000 });
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId: 'rp-lagging' });
    assert.equal(await gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: 'rp-lagging' }), undefined, 'the look-up lags');
    const [listed] = await gateway.fetchOrdersSince('BTCUSDT', sinceMs);
    assert.equal(listed?.clientOrderId, 'rp-lagging');
    const trades = await gateway.fetchUserTrades('BTCUSDT', sinceMs);
    assert.deepEqual(trades.map((trade) => trade.venueOrderId), [listed?.venueOrderId], 'its trade names its venue order id');
  });

  test('placeOrder whose answer is lost finds the order in the venue record when its look-ups still say "does not exist", in both books', async () => {
    h.sim.inject({ kind: 'orderNotFoundFor', ms: 30_000 });
    h.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/order' });
    const entry = await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId: 'rp-lost-entry' });
    assert.equal(entry.status, 'PLACED', 'established, not UNKNOWN');
    assert.ok(entry.status === 'PLACED' && entry.via === 'FOUND_AFTER_UNKNOWN' && entry.order.status === 'FILLED');
    h.sim.inject({ kind: 'orderNotFoundFor', ms: 30_000 });
    h.sim.inject({ kind: 'http5xxAfterAccept', path: 'POST /fapi/v1/algoOrder' });
    const stop = await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: new Decimal('0.01'), stopPrice: new Decimal(50_000), reduceOnly: true, clientOrderId: 'rp-lost-stop' });
    assert.ok(stop.status === 'PLACED' && stop.order.type === 'STOP_MARKET' && stop.order.status === 'NEW', 'the stop found in the conditional book');
    assert.equal(h.sim.state().orders.filter((order) => order.clientOrderId === 'rp-lost-stop').length, 1, 'never re-sent');
  });

  test('fetchOrderByVenueId finds an order by the id its trades carry, and answers undefined for an id the venue does not know', async () => {
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId: 'rp-by-id' });
    const [trade] = await gateway.fetchUserTrades('BTCUSDT');
    assert.ok(trade !== undefined);
    const order = await gateway.fetchOrderByVenueId({ symbol: 'BTCUSDT', venueOrderId: trade.venueOrderId });
    assert.equal(order?.clientOrderId, 'rp-by-id');
    assert.equal(await gateway.fetchOrderByVenueId({ symbol: 'BTCUSDT', venueOrderId: '987654321' }), undefined);
  });
});
