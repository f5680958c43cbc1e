import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from './liveTestSupport.ts';

const raw = async (h: LiveHarness) => {
  const gateway = h.gateway();
  await gateway.connect();
  return (gateway as unknown as { exchange: { createOrder(...args: unknown[]): Promise<unknown> } }).exchange;
};

// The check must be able to fail: each test breaks one promise of "nothing lost or duplicated".
describe('assertStoreMatchesVenue (the check every live reliability test ends with)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function enterLong(): Promise<string> {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    await runner.stop();
    const entry = outcome.orders[0];
    assert.ok(entry !== undefined, 'the runner entered');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    return entry.clientOrderId;
  }

  test('fails when a venue trade is missing from the store (a lost fill)', async () => {
    await enterLong();
    const exchange = await raw(h);
    // A second order filled at the venue, stored as FILLED, whose fill never reached the store.
    await h.store.recordIntent({ clientOrderId: 'rp-lost-fill', account: ACCOUNT, sleeve: 'btc', symbol: 'BTCUSDT', strategy: 's', side: 'BUY', quantity: '0.002', price: null, reduceOnly: false, createdAtMs: 1, state: 'SENT', stateChangedAtMs: 1 });
    await exchange.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.002, undefined, { newClientOrderId: 'rp-lost-fill' });
    const placed = h.sim.state().orders.find((order) => order.clientOrderId === 'rp-lost-fill');
    await h.store.recordOrderUpdate({ clientOrderId: 'rp-lost-fill', account: ACCOUNT, symbol: 'BTCUSDT', venueOrderId: String(placed?.orderId), status: 'FILLED', filledQuantity: '0.002', averagePrice: '60000', atMs: 2, reason: null });
    await assert.rejects(assertStoreMatchesVenue(h.store, h.sim, ACCOUNT), /every venue trade is stored exactly once/);
  });

  test('fails when the venue holds two orders for one client order id (a duplicate)', async () => {
    const entryId = await enterLong();
    const exchange = await raw(h);
    // A filled id may be reused at the venue: a blind resend would do exactly this.
    await exchange.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.002, undefined, { newClientOrderId: entryId });
    await assert.rejects(assertStoreMatchesVenue(h.store, h.sim, ACCOUNT), /one venue order per client order id/);
  });

  test('fails when an intent is left NEW or an order UNKNOWN', async () => {
    await enterLong();
    await h.store.recordIntent({ clientOrderId: 'rp-orphan', account: ACCOUNT, sleeve: 'btc', symbol: 'BTCUSDT', strategy: 's', side: 'BUY', quantity: '0.002', price: null, reduceOnly: false, createdAtMs: 1, state: 'NEW', stateChangedAtMs: 1 });
    await assert.rejects(assertStoreMatchesVenue(h.store, h.sim, ACCOUNT), /reached a final state/);
    await h.store.setIntentState('rp-orphan', 'SENT', 2);
    await h.store.recordOrderUpdate({ clientOrderId: 'rp-orphan', account: ACCOUNT, symbol: 'BTCUSDT', venueOrderId: null, status: 'UNKNOWN', filledQuantity: '0', averagePrice: null, atMs: 2, reason: null });
    await assert.rejects(assertStoreMatchesVenue(h.store, h.sim, ACCOUNT), /is resolved, was UNKNOWN/);
  });

  test('fails when the stored position differs from the venue', async () => {
    await enterLong();
    h.sim.setPrice('BTCUSDT', 59_000); // the protective stop fills at the venue; the store is not told
    await assert.rejects(assertStoreMatchesVenue(h.store, h.sim, ACCOUNT), /store status equals the venue's|every venue trade|position BTCUSDT/);
  });
});
