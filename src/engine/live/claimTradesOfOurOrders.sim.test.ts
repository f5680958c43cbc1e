import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import type { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import type { OrderRequest } from '../../domain/order/venueOrder.ts';
import { ACCOUNT, eachWithConnectedGateway, type LiveHarness } from '../../app/wiring/liveTestSupport.ts';
import { claimTradesOfOurOrders } from './claimTradesOfOurOrders.ts';

const market = (clientOrderId: string): OrderRequest => ({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId });

describe('claimTradesOfOurOrders against the local venue (real ccxt client, SQLite store)', () => {
  let h: LiveHarness;
  let gateway: CcxtExchangeGateway;
  eachWithConnectedGateway((fixture) => ({ harness: h, gateway } = fixture));

  /** An intent stored before its send whose outcome stayed unknown (no venue order id). */
  async function storeUnknownIntent(clientOrderId: string, atMs = Date.now()): Promise<void> {
    await h.store.recordIntentBeforeSend({
      intent: { clientOrderId, account: ACCOUNT, sleeve: 'btc', symbol: 'BTCUSDT', strategy: 'test', side: 'BUY', quantity: '0.01', price: null, reduceOnly: false, createdAtMs: atMs, state: 'NEW', stateChangedAtMs: atMs },
      order: { clientOrderId, account: ACCOUNT, symbol: 'BTCUSDT', venueOrderId: null, status: 'PENDING_SEND', filledQuantity: '0', averagePrice: null, atMs, reason: null },
    });
    await h.store.recordOrderUpdate({ clientOrderId, account: ACCOUNT, symbol: 'BTCUSDT', venueOrderId: null, status: 'UNKNOWN', filledQuantity: '0', averagePrice: null, atMs, reason: 'answer lost' });
    await h.store.setIntentState(clientOrderId, 'SENT', atMs);
  }

  test('attributes the trade of an order stored UNKNOWN to it and stores the venue\'s state', async () => {
    await storeUnknownIntent('rp-claim-1');
    h.sim.inject({ kind: 'orderNotFoundFor', ms: 30_000 });
    await gateway.placeOrder(market('rp-claim-1'));
    const trades = await gateway.fetchUserTrades('BTCUSDT');
    const ours = new Map<string, string>();
    assert.deepEqual(await claimTradesOfOurOrders(gateway, h.store, ACCOUNT, 'BTCUSDT', trades, ours), ['rp-claim-1']);
    const venueOrderId = String(h.sim.state().orders.find((order) => order.clientOrderId === 'rp-claim-1')?.orderId);
    assert.equal(ours.get(venueOrderId), 'rp-claim-1', 'its trades map to our client order id');
    const stored = await h.store.getOrder('rp-claim-1');
    assert.equal(stored?.status, 'FILLED');
    assert.equal(stored?.venueOrderId, venueOrderId);
  });

  test('a trade of a foreign order stays unattributed while an order of ours is unresolved', async () => {
    await storeUnknownIntent('rp-claim-never-sent');
    await gateway.placeOrder(market('manual-1'));
    const ours = new Map<string, string>();
    assert.deepEqual(await claimTradesOfOurOrders(gateway, h.store, ACCOUNT, 'BTCUSDT', await gateway.fetchUserTrades('BTCUSDT'), ours), []);
    assert.equal(ours.size, 0, 'nothing attributed to us');
    assert.equal((await h.store.getOrder('rp-claim-never-sent'))?.status, 'UNKNOWN', 'our unresolved order is left for reconciliation');
  });

  test('an order of ours stored after the trade cannot own it: the venue is not asked', async () => {
    await gateway.placeOrder(market('manual-3'));
    const trades = await gateway.fetchUserTrades('BTCUSDT');
    await storeUnknownIntent('rp-claim-later', Date.now() + 5 * 60_000);
    const before = h.sim.requests().length;
    assert.deepEqual(await claimTradesOfOurOrders(gateway, h.store, ACCOUNT, 'BTCUSDT', trades, new Map()), []);
    assert.equal(h.sim.requests().length, before, 'no request');
  });

  test('asks the venue nothing when every order of ours has its venue order id: the trade is foreign', async () => {
    await gateway.placeOrder(market('manual-2'));
    const trades = await gateway.fetchUserTrades('BTCUSDT');
    const before = h.sim.requests().length;
    assert.deepEqual(await claimTradesOfOurOrders(gateway, h.store, ACCOUNT, 'BTCUSDT', trades, new Map()), []);
    assert.equal(h.sim.requests().length, before, 'no request');
  });
});
