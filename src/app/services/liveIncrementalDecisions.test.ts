import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { runBacktestKernel } from '../../engine/backtest/runBacktestKernel.ts';
import { sliceCandleSeries } from '../../domain/market/candleSeries.ts';
import type { SleeveDecision, VenuePositions } from '../../engine/live/liveTypes.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { HOUR_MS, r1Candles, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { IncrementalDecisions } from './liveIncrementalDecisions.ts';
import { buildSleeveInputs, engineSettingsFrom } from './runBacktest.ts';

const BARS = 3_000;

/** The R1 ensemble with costs and filters that never block a fill, so every decided order fills. */
function frictionlessR1() {
  return r1Config((raw) => {
    raw.execution = { tradeOn: 'next_open', feeBps: 0, slippageBps: 0 };
    raw.instrument = { lotStep: 0.001, tickSize: 0.1, minNotional: 0 };
    raw.market = { type: 'futures', marginMode: 'isolated', leverage: 2 };
    raw.funding = { enabled: false, constantRateBps: 0 };
    for (const sleeve of raw.sleeves as Array<Record<string, unknown>>) delete sleeve.instrument;
  });
}

describe('incremental live decisions', () => {
  const { loaded, dir } = frictionlessR1();
  const candles = r1Candles(BARS);
  const feed = new ReplayMarketFeed(candles);
  const series = (symbol: string) => candles.get(ReplayMarketFeed.key(symbol, '1h'))!;

  test('equal a backtest replay in which every order fills, bar for bar, and a restart decides as the running source', async (t) => {
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const { inputs } = await buildSleeveInputs(loaded, { load: async (sleeve) => ({ candles: series(sleeve.symbol), source: 'synthetic', synthetic: true }) });
    const kernel = runBacktestKernel(inputs, engineSettingsFrom(loaded.config), { closeAtEnd: false });
    const sleeves = loaded.config.sleeves;
    // The kernel is the venue: its position per symbol at each bar close, from its fills.
    const positionAt = new Map<string, Float64Array>();
    const expected = new Map<string, Array<{ target: number; stopDistance: number }>>();
    for (const sleeve of sleeves) {
      const times = series(sleeve.symbol).time;
      const fills = kernel.fills.filter((fill) => fill.sleeve === sleeve.name);
      const decisions = kernel.decisions.filter((decision) => decision.sleeve === sleeve.name);
      const quantity = new Float64Array(BARS);
      const perBar: Array<{ target: number; stopDistance: number }> = [];
      let held = 0;
      let fillIndex = 0;
      let decisionIndex = 0;
      let target = 0;
      let stopDistance = Number.NaN;
      for (let k = 0; k < BARS; k++) {
        for (; fillIndex < fills.length && fills[fillIndex].timeMs <= times[k]; fillIndex++) {
          held += fills[fillIndex].quantity;
          // A protective stop (or liquidation) closes the position: the target acted on is then flat.
          if (fills[fillIndex].reason === 'stop' || fills[fillIndex].reason === 'liquidation') target = 0;
        }
        for (; decisionIndex < decisions.length && decisions[decisionIndex].timeMs <= times[k]; decisionIndex++) {
          target = decisions[decisionIndex].target;
          stopDistance = decisions[decisionIndex].stopDistance;
        }
        quantity[k] = Math.round(held * 1e8) / 1e8;
        perBar.push({ target, stopDistance });
      }
      positionAt.set(sleeve.symbol, quantity);
      expected.set(sleeve.name, perBar);
      assert.ok(decisions.length >= 10, `sleeve ${sleeve.name} (${sleeve.strategy}) decides often enough to test: ${decisions.length} decisions`);
    }
    assert.ok(kernel.fills.some((fill) => fill.reason === 'stop'), 'at least one protective stop fires, so a venue-closed position is exercised');
    const venueAt = (k: number): VenuePositions => new Map(sleeves.map((sleeve) => [sleeve.symbol, { quantity: new Decimal(positionAt.get(sleeve.symbol)![k]) }]));
    const times = series(sleeves[0].symbol).time;

    const running = new IncrementalDecisions(loaded, feed, 'default');
    const restartAt = new Set([400, 1_500, 2_222, BARS - 1]);
    for (let k = 0; k < BARS; k++) {
      const nowMs = times[k] + HOUR_MS;
      const decisions = await running.decide(nowMs, venueAt(k));
      assert.equal(decisions.length, sleeves.length, `one decision per sleeve at bar ${k}`);
      for (const decision of decisions) {
        const want = expected.get(decision.sleeve)![k];
        assert.equal(decision.barTimeMs, times[k], `bar ${k}: decided at the newest closed bar`);
        assert.deepEqual({ target: decision.target, stopDistance: decision.stopDistance }, want, `sleeve ${decision.sleeve}, bar ${k} (${new Date(times[k]).toISOString()}): incremental decision equals the backtest's`);
      }
      if (restartAt.has(k)) {
        const restarted = await new IncrementalDecisions(loaded, feed, 'default').decide(nowMs, venueAt(k));
        assert.deepEqual(strip(restarted), strip(decisions), `bar ${k}: a restart warmed on history decides as the running source`);
      }
    }
    assert.equal(running.rewarmCount, 0, 'a gapless feed never forces a re-warm');
  });

  test('prepared at start, decides on the first bar as a source warmed on the full history, without warming then', async () => {
    const times = series('BTCUSDT').time;
    const flat: VenuePositions = new Map();
    const k = 2_000;
    const nowMs = times[k] + HOUR_MS;
    const reference = strip(await new IncrementalDecisions(loaded, feed, 'default').decide(nowMs, flat));
    // From the first bar on, this feed hands over only the newest three bars: too few to warm on.
    let shortHistory = false;
    const shortening = {
      closedBars: async (symbol: string, timeframe: string, atMs: number) => {
        const bars = await feed.closedBars(symbol, timeframe, atMs);
        return shortHistory ? sliceCandleSeries(bars, bars.length - 3, bars.length) : bars;
      },
      recentClosedBars: feed.recentClosedBars.bind(feed),
      settledFunding: feed.settledFunding.bind(feed),
    };
    const unprepared = new IncrementalDecisions(loaded, shortening, 'default');
    const prepared = new IncrementalDecisions(loaded, shortening, 'default');
    await prepared.prepare(nowMs);
    shortHistory = true;
    assert.notDeepEqual(strip(await unprepared.decide(nowMs, flat)), reference, 'precondition: warmed on three bars, the strategies decide otherwise');
    assert.deepEqual(strip(await prepared.decide(nowMs, flat)), reference, 'the prepared source did its warm-up at start and only feeds the newest bar now');
    assert.equal(prepared.rewarmCount, 0, 'no re-warm on the first bar');
  });

  test('re-warms from history after a gap in the feed instead of skipping bars', async () => {
    const decisions = new IncrementalDecisions(loaded, feed, 'default');
    const flat: VenuePositions = new Map();
    const times = series('BTCUSDT').time;
    await decisions.decide(times[600] + HOUR_MS, flat);
    // Three bars closed unseen: the feed still has them, so the source catches up bar by bar.
    await decisions.decide(times[603] + HOUR_MS, flat);
    assert.equal(decisions.rewarmCount, 0, 'bars missed between polls but present in the feed are fed, not re-warmed');
    const holed = new Map(candles);
    for (const [key, bars] of candles) {
      const keep = [...bars.time.keys()].filter((index) => index !== 604);
      const copy = { ...bars, length: keep.length, time: Float64Array.from(keep, (i) => bars.time[i]), open: Float64Array.from(keep, (i) => bars.open[i]), high: Float64Array.from(keep, (i) => bars.high[i]), low: Float64Array.from(keep, (i) => bars.low[i]), close: Float64Array.from(keep, (i) => bars.close[i]), volume: Float64Array.from(keep, (i) => bars.volume[i]) };
      holed.set(key, copy);
    }
    const withGap = new IncrementalDecisions(loaded, new ReplayMarketFeed(holed), 'default');
    await withGap.decide(times[603] + HOUR_MS, flat);
    const afterGap = await withGap.decide(times[605] + HOUR_MS, flat);
    assert.equal(withGap.rewarmCount, 3, 'each sleeve re-warms once when bar 604 is missing');
    assert.ok(afterGap.every((decision) => decision.barTimeMs === times[605]), 'the decision after the gap is made at the newest bar');
  });
});

function strip(decisions: readonly SleeveDecision[]) {
  return decisions.map(({ sleeve, target, stopDistance, barTimeMs }) => ({ sleeve, target, stopDistance, barTimeMs }));
}
