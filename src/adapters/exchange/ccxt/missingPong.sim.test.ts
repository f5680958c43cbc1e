// RELIABILITY.md case 31 (missing pong): ccxt's keep-alive drops a socket that stops answering pings;
// the candle stream reconnects and subscribes again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal } from 'decimal.js';
import { createCcxtClientForVenueSim } from '../venueSim/ccxtForVenueSim.ts';
import { startVenueSim } from '../venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../venueSim/venueSimFixtures.ts';
import { CcxtExchangeGateway } from './ccxtExchangeGateway.ts';
import { waitUntil } from './gatewaySimBench.ts';

test('a market socket that stops answering pings is dropped by the keep-alive and the candle stream resubscribes', async () => {
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, walletBalance: 5000 });
  const exchange = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
  // Ping every 150 ms, give up after ccxt's allowed misses: the fault shows within a second.
  (exchange as unknown as { streaming: { keepAlive: number } }).streaming.keepAlive = 150;
  const gateway = new CcxtExchangeGateway(exchange, {
    venue: 'binanceusdm',
    apiKey: API_KEY,
    secret: API_SECRET,
    testnet: false,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
  });
  const disconnects: Error[] = [];
  try {
    await gateway.connect();
    gateway.setReferencePrice('BTCUSDT', new Decimal(60000));
    const subscription = gateway.watchCandles('BTCUSDT', '1m', { onCandle: () => undefined, onDisconnect: (error) => disconnects.push(error) });
    const subscribes = () => sim.wsEvents().filter((event) => event.kind === 'message' && event.method === 'SUBSCRIBE' && (event.params ?? []).some((stream) => stream.includes('kline'))).length;
    await waitUntil(() => subscribes() === 1, 'the first subscription');
    sim.inject({ kind: 'stopPongs' });
    await waitUntil(() => disconnects.length >= 1, 'the keep-alive drops the silent socket', 5_000);
    await waitUntil(() => subscribes() >= 2, 'the stream subscribes again on a new connection', 5_000);
    assert.ok(sim.marketSubscriptions().some((streams) => streams.some((stream) => stream.includes('kline'))), 'an open connection carries the kline stream again');
    assert.ok(subscribes() <= 3, `resubscribed without a storm of SUBSCRIBE messages, was ${subscribes()}`);
    await subscription.close();
  } finally {
    await gateway.close();
    await sim.close();
  }
});
