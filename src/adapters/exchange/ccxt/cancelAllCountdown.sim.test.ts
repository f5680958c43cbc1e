import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../../../app/wiring/liveTestSupport.ts';
import { CcxtExchangeGateway } from './ccxtExchangeGateway.ts';

const COUNTDOWN = (request: { method: string; path: string }): boolean => request.method === 'POST' && request.path === '/fapi/v1/countdownCancelAll';

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('dead-man switch, Binance countdownCancelAll (RELIABILITY case 35)', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('an expired countdown cancels the symbol’s resting regular orders and keeps its conditional protective stop', async () => {
    h = await startLiveHarness();
    const gateway = h.gateway();
    await gateway.connect();
    gateway.setReferencePrice('BTCUSDT', new Decimal(60_000));
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId: 'dm-entry' });
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: new Decimal('0.01'), stopPrice: new Decimal('55000'), reduceOnly: true, clientOrderId: 'dm-stop' });
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: new Decimal('0.01'), price: new Decimal('50000'), reduceOnly: false, clientOrderId: 'dm-working' });
    assert.equal(await gateway.armCancelAllCountdown('BTCUSDT', 300), true, 'Binance has the switch');
    assert.equal(h.sim.requests().filter(COUNTDOWN).length, 1, 'sent as POST /fapi/v1/countdownCancelAll');
    const status = (id: string): string | undefined => h.sim.state().orders.find((order) => order.clientOrderId === id)?.status;
    await waitUntil('the countdown to expire', () => status('dm-working') === 'CANCELED');
    assert.equal(status('dm-stop'), 'NEW', 'the conditional stop (Algo Service) stays: the position keeps its protection');
  });

  test('countdown 0 disarms it: the resting order survives', async () => {
    h = await startLiveHarness();
    const gateway = h.gateway();
    await gateway.connect();
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: new Decimal('0.01'), price: new Decimal('50000'), reduceOnly: false, clientOrderId: 'dm-working' });
    await gateway.armCancelAllCountdown('BTCUSDT', 300);
    await gateway.armCancelAllCountdown('BTCUSDT', 0);
    // Past the countdown the disarmed switch has cancelled nothing (the sim's timer was cleared).
    await new Promise((done) => setTimeout(done, 600));
    assert.equal(h.sim.state().orders.find((order) => order.clientOrderId === 'dm-working')?.status, 'NEW');
  });

  test('a venue without a countdown in the quirks table reports the switch absent and sends nothing', async () => {
    h = await startLiveHarness();
    const bybit = await CcxtExchangeGateway.open({ venue: 'bybit', apiKey: 'k', secret: 's', testnet: false, baseUrl: h.sim.url });
    (bybit as unknown as { unifiedByDomain: Map<string, string> }).unifiedByDomain.set('BTCUSDT', 'BTC/USDT:USDT');
    const before = h.sim.requests().length;
    assert.equal(await bybit.armCancelAllCountdown('BTCUSDT', 120_000), false, 'absent, documented in VENUE_QUIRKS');
    assert.equal(h.sim.requests().length, before, 'no request');
    await bybit.close();
  });

  test('the live runner arms the switch before an entry and disarms it once no entry rests', async () => {
    h = await startLiveHarness();
    const runner = h.runner({ live: { lookupAttempts: 3, lookupWindowMs: 100, maxNakedMs: 300, externalPolicy: 'halt', deadManCountdownMs: 120_000 } });
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    const requests = h.sim.requests();
    const armed = requests.findIndex(COUNTDOWN);
    const entry = requests.findIndex((request) => request.method === 'POST' && request.path === '/fapi/v1/order');
    assert.ok(armed >= 0 && entry > armed, 'armed before the entry was sent');
    await runner.checkCommands();
    assert.equal(h.sim.requests().slice(entry).filter(COUNTDOWN).length, 1, 'the market entry filled: nothing rests, so the next check disarms the switch (countdown 0)');
    await runner.checkCommands();
    assert.equal(h.sim.requests().slice(entry).filter(COUNTDOWN).length, 1, 'and leaves it disarmed');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
