import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createCcxtClientForVenueSim } from '../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { RetryableExchangeError } from '../../domain/errors/exchangeErrors.ts';
import type { LogValue, Logger } from '../../ports/logger.ts';
import { RoutingGateway } from './routingGateway.ts';

const BAR_MS = 60_000;

describe('RoutingGateway market data: candles from the primary, from the fallback when it stops delivering', () => {
  let primary: VenueSim;
  let fallback: VenueSim;
  const gateways: CcxtExchangeGateway[] = [];
  const logs: Array<{ event: string; fields: Record<string, LogValue> }> = [];
  const logger: Logger = { info: () => undefined, warn: (event, fields = {}) => void logs.push({ event, fields }), error: (event, fields = {}) => void logs.push({ event, fields }) };
  const firstBarMs = Math.floor(Date.now() / BAR_MS) * BAR_MS - 10 * BAR_MS;

  const push = (sim: VenueSim, index: number, close: number) => sim.pushCandle('BTCUSDT', { openTimeMs: firstBarMs + index * BAR_MS, open: close, high: close, low: close, close, volume: 1, closed: true });
  const gatewayOf = async (sim: VenueSim) => {
    const client = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
    client.timeout = 3_000;
    const gateway = new CcxtExchangeGateway(client, { venue: 'binanceusdm', apiKey: API_KEY, secret: API_SECRET, testnet: false, circuitBreaker: { failuresToOpen: 100, openForMs: 10 } });
    await gateway.connect();
    gateways.push(gateway);
    return gateway;
  };
  const routed = async () =>
    new RoutingGateway({
      accounts: [
        { account: 'main', gateway: await gatewayOf(primary) },
        { account: 'backup', gateway: await gatewayOf(fallback) },
      ],
      routingOf: () => undefined,
      failed: () => false,
      logger,
      maxDivergenceBps: 50,
    });

  beforeEach(async () => {
    primary = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    fallback = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    logs.length = 0;
  });
  afterEach(async () => {
    for (const gateway of gateways.splice(0)) await gateway.close();
    await primary.close();
    await fallback.close();
  });

  test('records the source of each bar and says so when bars come from the fallback', async () => {
    [60_000, 60_010, 60_020].forEach((close, index) => push(primary, index, close));
    [60_001, 60_012, 60_019, 60_030].forEach((close, index) => push(fallback, index, close));
    const gateway = await routed();
    const fromPrimary = await gateway.fetchCandles('BTCUSDT', '1m');
    assert.deepEqual(fromPrimary.map((candle) => candle.close), [60_000, 60_010, 60_020]);
    primary.inject({ kind: 'http5xx', status: 503, count: 100 });
    const fromFallback = await gateway.fetchCandles('BTCUSDT', '1m');
    assert.deepEqual(fromFallback.map((candle) => candle.close), [60_001, 60_012, 60_019, 60_030], 'the fallback delivered, within 50 bps of the primary on the shared bars');
    assert.deepEqual(gateway.candleSources('BTCUSDT', '1m').map((source) => source.account), ['main', 'main', 'main', 'backup'], 'each bar keeps the account it came from');
    assert.ok(logs.some((line) => line.event === 'candles_from_fallback' && line.fields.account === 'backup'), 'the switch of source is logged');
  });

  test('refuses fallback bars whose closes diverge from the primary\'s beyond the limit', async () => {
    [60_000, 60_010].forEach((close, index) => push(primary, index, close));
    [60_000, 61_010, 61_020].forEach((close, index) => push(fallback, index, close));
    const gateway = await routed();
    await gateway.fetchCandles('BTCUSDT', '1m');
    primary.inject({ kind: 'http5xx', status: 503, count: 100 });
    await assert.rejects(gateway.fetchCandles('BTCUSDT', '1m'), (error: unknown) => error instanceof RetryableExchangeError && /differ from main's by 166\.\d bps .* limit 50 bps/.test(error.message));
  });
});
