import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTradeStore } from '../../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { syntheticCandles } from '../../../domain/market/syntheticCandles.ts';
import { ReplayMarketFeed } from '../../../engine/paper/replayMarketFeed.ts';
import { sharedPath, skipWithoutShared } from '../../../../test/support/sharedData.ts';
import { HOUR_MS, ManualClock, START_MS } from '../../../../test/fixtures/paper/paperFixture.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import { runPaper } from '../paperRunner.ts';
import { runBacktest } from '../runBacktest.ts';

const BARS = 700;
const CATCH_UP_BARS = 640;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('ml_ensemble paper/backtest parity with the fixture’s models', { skip: skipWithoutShared }, () => {
  it('the paper runner records the same signals and fills (take-profit and stop exits included) as the backtest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-ml-paper-'));
    const features = (JSON.parse(readFileSync(sharedPath('expected', 'ml', 'fixture.json'), 'utf8')) as { features: string[] }).features;
    const entries = ['xgb_eurusd_1h.json', 'lgbm_eurusd_1h.txt'].map((file) => {
      copyFileSync(sharedPath('expected', 'ml', file), join(dir, file));
      const sha256 = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
      return `  - {file: ${file}, sha256: ${sha256}, timeframe: 1h, features: [${features.join(', ')}], trainingPeriod: {from: "2017-04-19T09:00:00Z", to: "2017-11-14T00:00:00Z"}, acceptedMetrics: {sharpe: 0.2, profitFactor: 1.3, winRate: 0.52}}`;
    });
    writeFileSync(join(dir, 'manifest.yaml'), `models:\n${entries.join('\n')}\n`);
    writeFileSync(
      join(dir, 'ml.yaml'),
      `name: ml-paper
market: {type: futures, marginMode: isolated, leverage: 1}
capital: {initial: 10000, currency: USD}
execution: {tradeOn: next_open, feeBps: 0.2, slippageBps: 0.1}
funding: {enabled: false}
risk: {accounts: {default: aggressive}, emergency: {consecutiveLosses: {enabled: false}}}
instrument: {lotStep: 1, tickSize: 0.00001, minNotional: 0}
data: {timeframe: 1h, store: ${join(dir, 'store')}}
sleeves:
  - name: fx-ml
    symbol: EURUSD
    weight: 1
    strategy: ml_ensemble
    params: {manifest: manifest.yaml, models: [{file: xgb_eurusd_1h.json}, {file: lgbm_eurusd_1h.txt}], takeProfitAtr: 1.4, stopLossAtr: 1.0}
`,
    );
    const loaded = loadConfig(join(dir, 'ml.yaml'));
    const candles = syntheticCandles({ symbol: 'EURUSD', timeframe: '1h', bars: BARS, seed: 5, startPrice: 1.1, startMs: START_MS, intervalMs: HOUR_MS, sigma: 0.002 });
    const feed = new ReplayMarketFeed(new Map([[ReplayMarketFeed.key('EURUSD', '1h'), candles]]));
    const store = await SqliteTradeStore.open({ path: join(dir, 'paper.sqlite') });
    try {
      const clock = new ManualClock(START_MS + CATCH_UP_BARS * HOUR_MS);
      await runPaper(
        { loaded, store, feed, clock, logger: silent, sleepUntil: async (timeMs) => void (clock.timeMs = timeMs), owner: 'ml-parity:1', startMs: START_MS },
        { maxEvaluations: BARS - CATCH_UP_BARS + 1 },
      );
      const lastBarMs = START_MS + (BARS - 1) * HOUR_MS;
      const backtest = await runBacktest({ loaded, to: new Date(lastBarMs).toISOString(), dataSource: { load: async () => ({ candles, source: 'synthetic', synthetic: true }) } });
      const expectedFills = backtest.result.fills.filter((fill) => fill.reason !== 'end_of_data');
      const reasons = new Set(backtest.result.trades.map((trade) => trade.exitReason));
      assert.ok(reasons.has('take_profit') && reasons.has('stop'), `the run exits both ways: ${[...reasons].join(', ')}`);
      const storedFills = await store.listFills();
      assert.deepEqual(
        storedFills.map((fill) => ({ at: fill.atMs, quantity: Number(fill.quantity) * (fill.side === 'BUY' ? 1 : -1), price: Number(fill.price) })),
        expectedFills.map((fill) => ({ at: fill.timeMs, quantity: Number(fill.quantity.toFixed(8)), price: Number(fill.price.toFixed(8)) })),
        'same fills (time, signed quantity, price) as the backtest',
      );
      const storedSignals = await store.listSignals();
      assert.deepEqual(
        storedSignals.map((signal) => `${signal.atMs}|${signal.target}`),
        backtest.result.decisions.map((decision) => `${decision.timeMs}|${decision.target}`),
        'same decisions as the backtest (100 %)',
      );
    } finally {
      await store.close();
    }
  });
});
