import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import type { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { eachWithConnectedGateway, type LiveHarness } from '../../app/wiring/liveTestSupport.ts';
import { OrderDeniedError } from '../../domain/errors/exchangeErrors.ts';
import type { OrderRequest } from '../../domain/order/venueOrder.ts';
import { DryRunGateway } from './dryRunGateway.ts';

const request = (clientOrderId: string, overrides: Partial<OrderRequest> = {}): OrderRequest => ({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId, ...overrides });
const writes = (h: LiveHarness) => h.sim.requests().filter((entry) => entry.method !== 'GET');

describe('DryRunGateway over a real gateway (ccxt → venue-sim)', () => {
  let harness: LiveHarness;
  let real: CcxtExchangeGateway;
  eachWithConnectedGateway((fixture) => ({ harness, gateway: real } = fixture));

  test('records orders, cancels and settings without sending them, and answers as a venue that took them', async () => {
    const dry = new DryRunGateway(real, { nowMs: () => Date.now() });
    dry.setReferencePrice('BTCUSDT', new Decimal(60_000));
    const before = writes(harness).length;
    await dry.setIsolatedMargin('BTCUSDT');
    await dry.setLeverage('BTCUSDT', 2);
    assert.equal(await dry.armCancelAllCountdown('BTCUSDT', 120_000), true);
    const entry = await dry.placeOrder(request('dry-entry'));
    assert.equal(entry.status === 'PLACED' && entry.order.status, 'FILLED', 'a market order fills at once');
    assert.equal(entry.status === 'PLACED' && entry.order.averagePrice?.toNumber(), 60_000, 'at the reference price');
    const stop = await dry.placeOrder(request('dry-stop', { side: 'SELL', type: 'STOP_MARKET', stopPrice: new Decimal(59_500), reduceOnly: true }));
    assert.equal(stop.status === 'PLACED' && stop.order.status, 'NEW', 'a stop rests');

    assert.deepEqual((await dry.fetchPositions()).map((position) => [position.symbol, position.quantity.toFixed()]), [['BTCUSDT', '0.01']], 'the position shows the assumed fill');
    assert.deepEqual((await dry.fetchUserTrades('BTCUSDT')).map((trade) => [trade.clientOrderId, trade.quantity.toFixed()]), [['dry-entry', '0.01']], 'and so do the trades');
    assert.deepEqual((await dry.fetchOpenOrders('BTCUSDT')).map((order) => order.clientOrderId), ['dry-stop']);
    await dry.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'dry-stop', conditional: true });
    assert.deepEqual(await dry.fetchOpenOrders('BTCUSDT'), [], 'a cancelled stop is gone');
    assert.equal((await dry.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: 'dry-stop', conditional: true }))?.status, 'CANCELED');

    assert.deepEqual(writes(harness).slice(before), [], 'nothing but reads reached the venue');
    assert.deepEqual(await real.fetchPositions(), [], 'the real account is still flat');
    assert.deepEqual(dry.recorded.map((each) => each.kind), ['setIsolatedMargin', 'setLeverage', 'armCancelAllCountdown', 'placeOrder', 'placeOrder', 'cancelOrder']);
  });

  test('a real order it would cancel stays at the venue but is gone from its answers', async () => {
    await real.placeOrder(request('live-limit', { type: 'LIMIT', price: new Decimal(50_000) }));
    const dry = new DryRunGateway(real, { nowMs: () => Date.now() });
    assert.deepEqual((await dry.fetchOpenOrders('BTCUSDT')).map((order) => order.clientOrderId), ['live-limit'], 'it reads the real book');
    const cancelled = await dry.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'live-limit' });
    assert.equal(cancelled?.status, 'CANCELED');
    assert.deepEqual(await dry.fetchOpenOrders('BTCUSDT'), []);
    assert.deepEqual((await real.fetchOpenOrders('BTCUSDT')).map((order) => order.clientOrderId), ['live-limit'], 'the venue still has it');
  });

  test('the real gateway\'s local pre-checks apply: below the minimum notional is denied and not recorded', async () => {
    const dry = new DryRunGateway(real, { nowMs: () => Date.now() });
    dry.setReferencePrice('BTCUSDT', new Decimal(60_000));
    await assert.rejects(dry.placeOrder(request('tiny', { quantity: new Decimal('0.001') })), (error: unknown) => error instanceof OrderDeniedError && error.local && error.reason === 'BELOW_MIN_NOTIONAL');
    assert.deepEqual(dry.recorded, []);
  });
});
