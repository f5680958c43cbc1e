import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VenueSimSymbol } from '../../../adapters/exchange/venueSim/venueSimTypes.ts';
import { allocateCandleSeries, type CandleSeries } from '../../../domain/market/candleSeries.ts';
import { syntheticCandles } from '../../../domain/market/syntheticCandles.ts';
import { ReplayMarketFeed } from '../../../engine/paper/replayMarketFeed.ts';
import { sharedPath, skipWithoutShared } from '../../../../test/support/sharedData.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import { liveRecord } from '../modeParityLive.ts';
import { backtestRecord } from '../modeParityScenario.ts';

const HOUR_MS = 3_600_000;
const BARS = 240;
const TICK = 0.00001;
const SPREAD_BPS = 1;
const SYMBOL = 'EURUSDT';
const VENUE_SYMBOLS: VenueSimSymbol[] = [{ symbol: SYMBOL, base: 'EUR', quote: 'USDT', price: 1.1, lotStep: 1, tickSize: TICK, minQty: 1, minNotional: 5, maxLeverage: 20 }];

/** Hourly bars ending an hour ago (the venue serves them as history), each opening at the previous close, on the tick grid. */
function candles(): CandleSeries {
  const startMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - (BARS + 1) * HOUR_MS;
  const source = syntheticCandles({ symbol: SYMBOL, timeframe: '1h', bars: BARS, seed: 5, startPrice: 1.1, startMs, intervalMs: HOUR_MS, sigma: 0.002 });
  const onTick = (price: number): number => Number((Math.round(price / TICK) * TICK).toFixed(5));
  const series = allocateCandleSeries(SYMBOL, '1h', BARS);
  for (let i = 0; i < BARS; i++) {
    const open = onTick(i === 0 ? source.open[0] : series.close[i - 1]);
    const close = onTick(source.close[i]);
    series.time[i] = source.time[i];
    series.open[i] = open;
    series.close[i] = close;
    series.high[i] = onTick(Math.max(open, close, source.high[i]));
    series.low[i] = onTick(Math.min(open, close, source.low[i]));
    series.volume[i] = source.volume[i];
  }
  return series;
}

/** The fixture's two models, their manifest and a config trading them on the venue's EURUSDT, exits on the signal. */
function setUp(dir: string): ReturnType<typeof loadConfig> {
  const features = (JSON.parse(readFileSync(sharedPath('expected', 'ml', 'fixture.json'), 'utf8')) as { features: string[] }).features;
  const entries = ['xgb_eurusd_1h.json', 'lgbm_eurusd_1h.txt'].map((file) => {
    copyFileSync(sharedPath('expected', 'ml', file), join(dir, file));
    const sha256 = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
    return `  - {file: ${file}, sha256: ${sha256}, timeframe: 1h, features: [${features.join(', ')}], trainingPeriod: {from: "2017-04-19T09:00:00Z", to: "2017-11-14T00:00:00Z"}, acceptedMetrics: {sharpe: 0.2, profitFactor: 1.3, winRate: 0.52}}`;
  });
  writeFileSync(join(dir, 'manifest.yaml'), `models:\n${entries.join('\n')}\n`);
  writeFileSync(
    join(dir, 'ml.yaml'),
    // The venue's taker fee, no slippage, the venue's spread; a stop far enough never to trigger.
    `name: ml-live
market: {type: futures, leverage: 1}
capital: {initial: 10000, currency: USDT}
execution: {tradeOn: next_open, feeBps: 4, slippageBps: 0, spreadBps: ${SPREAD_BPS}}
funding: {enabled: false}
risk: {accounts: {main: aggressive}, emergency: {consecutiveLosses: {enabled: false}}, guardrails: {maxDataAgeSec: 86400}}
instrument: {lotStep: 1, tickSize: ${TICK}, minNotional: 5}
data: {timeframe: 1h}
sleeves:
  - name: fx-ml
    symbol: ${SYMBOL}
    weight: 0.5
    account: main
    strategy: ml_ensemble
    params: {manifest: manifest.yaml, models: [{file: xgb_eurusd_1h.json}, {file: lgbm_eurusd_1h.txt}], exitOn: signal, stopLossAtr: 50}
`,
  );
  return loadConfig(join(dir, 'ml.yaml'));
}

/** The kernel's log (a line per target change, from 0) spread over every bar: `barOpenMs target`. */
function perBar(changes: readonly string[], times: ArrayLike<number>, fromIndex: number): string[] {
  const changeAt = new Map(changes.map((change) => change.split(' ')).map(([time, , target]) => [Number(time), Number(target)]));
  const rows: string[] = [];
  let target = 0;
  for (let i = 0; i < times.length; i++) {
    target = changeAt.get(times[i]) ?? target;
    if (i >= fromIndex) rows.push(`${times[i]} ${target}`);
  }
  return rows;
}

describe('ml_ensemble live rehearsal against the local venue with the fixture’s models', { skip: skipWithoutShared }, () => {
  it('the live runner, fed bar by bar through ccxt, decides at every bar the target the backtest kernel decides on the same candles (100 %)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-ml-live-'));
    try {
      const loaded = setUp(dir);
      const series = candles();
      const backtest = await backtestRecord(loaded, new Map([[ReplayMarketFeed.key(SYMBOL, '1h'), series]]), HOUR_MS);
      const targets = new Set(backtest.decisions.map((decision) => Number(decision.split(' ')[2])));
      assert.ok(targets.has(1) && targets.has(-1) && backtest.decisions.length >= 6, `the models go long and short and back: ${backtest.decisions.join('; ')}`);

      const live = await liveRecord({ loaded, account: 'main', series: [series], symbols: VENUE_SYMBOLS, barMs: HOUR_MS, spreadBps: SPREAD_BPS, ws: false, dir: join(dir, 'live') });
      const liveRows = live.decisionsPerBar.map((row) => row.split(' ')).map(([time, , target]) => `${time} ${Number.isNaN(Number(target)) ? 0 : Number(target)}`);
      assert.equal(liveRows.length, BARS, 'a decision row per bar');
      assert.deepEqual(liveRows, perBar(backtest.decisions, series.time, 0), 'the same target at every bar as the backtest');
      assert.deepEqual([...live.fills].sort(), [...backtest.fills].sort(), 'fill for fill (time, quantity, price) as the backtest');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
