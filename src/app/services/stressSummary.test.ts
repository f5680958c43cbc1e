import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withTempStore } from '../../../test/support/withTempStore.ts';
import { r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { loadStressScenarios } from '../config/loadStressScenarios.ts';
import { stressSummary } from './stressSummary.ts';

const NOW = Date.parse('2024-01-03T13:00:00Z');
const { registry } = loadStressScenarios(fileURLToPath(new URL('../../../config/stress-scenarios.yaml', import.meta.url)));

function flatBars(symbol: string, close: number): ReplayMarketFeed {
  const series = allocateCandleSeries(symbol, '1h', 20);
  for (let index = 0; index < 20; index++) {
    series.time[index] = NOW - (20 - index) * 3_600_000;
    series.open[index] = close;
    series.high[index] = close * 1.01;
    series.low[index] = close * 0.99;
    series.close[index] = close;
  }
  return new ReplayMarketFeed(new Map([[ReplayMarketFeed.key(symbol, '1h'), series]]));
}

test('folds every registered scenario to its worst severity; a flat account is OK everywhere', async () => {
  await withTempStore(async (store) => {
    const { loaded } = r1Config();
    const flat = await stressSummary({ registry, feed: flatBars('SOLUSDT', 100) }, store, loaded.config, NOW);
    assert.equal(flat.worst, 'OK');
    assert.deepEqual(flat.scenarios.map((scenario) => scenario.scenario), registry.scenarios.map((scenario) => scenario.name));
    // 3× long of 100 SOL at 100 on 10 000: a −30 % shock liquidates it (liquidation near 67).
    await store.recordEquitySnapshot({ account: 'default', atMs: NOW - 1000, equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
    await store.applyFill({ account: 'default', symbol: 'SOLUSDT', tradeId: 't', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '100', price: '100', fee: '0', atMs: NOW - 500 });
    const held = await stressSummary({ registry, feed: flatBars('SOLUSDT', 100) }, store, loaded.config, NOW);
    assert.equal(held.worst, 'CRITICAL');
    assert.equal(held.scenarios.find((scenario) => scenario.scenario === 'shock-down-30')?.severity, 'CRITICAL');
    assert.equal(held.scenarios.find((scenario) => scenario.scenario === 'shock-up-10')?.severity, 'OK');
  });
});

test('says why, and no severity, when a position has no candle to be marked at or there is no registry', async () => {
  await withTempStore(async (store) => {
    const { loaded } = r1Config();
    await store.applyFill({ account: 'default', symbol: 'ETHUSDT', tradeId: 't', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '1', price: '3000', fee: '0', atMs: NOW - 500 });
    const unmarked = await stressSummary({ registry, feed: flatBars('SOLUSDT', 100) }, store, loaded.config, NOW);
    assert.deepEqual([unmarked.available, unmarked.worst], [false, null], 'unknown, never OK');
    assert.match(unmarked.reason ?? '', /no closed 1h bar of ETHUSDT/);
    const none = await stressSummary(undefined, store, loaded.config, NOW);
    assert.deepEqual([none.available, none.worst], [false, null]);
  });
});
