import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { syntheticCandles } from '../../domain/market/syntheticCandles.ts';
import { getBuiltInStrategy } from '../../strategy/registry.ts';
import type { Strategy } from '../../strategy/strategy.ts';
import { candlesFrom, HOUR_MS, scriptedStrategy, settingsWith, START_MS } from '../../../test/support/engineHarness.ts';
import { runBacktestKernel } from '../backtest/runBacktestKernel.ts';
import type { EngineSettings } from '../engineSettings.ts';
import { SleeveDecisionTracker } from './sleeveDecisionTracker.ts';

// The tracker's shadow path (warm-up and restarts of the live runner) must decide as the backtest
// kernel does: the same clamp, pending-at-next-open and stop-from-fill rules (engine/sleeve), so the
// same strategy over the same candles gives the same target and stop distance at every bar close.

const BARS = 2_500;
const FILTERS = { lotStep: 0.001, tickSize: 0.01, minNotional: 0 };

function strategyFor(kind: string): () => Strategy {
  const definition = getBuiltInStrategy(kind)!;
  const params = kind === 'breakout_vol_atr' ? { channel: 48, atrPeriod: 14, atrStop: 1.5, timeStopBars: 30, riskMultiplier: 1 } : kind === 'sma_cross' ? { fast: 5, slow: 20 } : { lookback: 24 };
  return () => definition.create(definition.paramsSchema.parse(params));
}

/**
 * What the kernel decided in force at each bar close: the last decision at or before it, flat after
 * a protective stop filled (the strategy then sees a flat position, as the tracker's shadow does).
 */
function kernelTargets(candles: CandleSeries, create: () => Strategy, settings: EngineSettings): Array<{ target: number; stopDistance: number }> {
  const strategy = create();
  const kernel = runBacktestKernel([{ name: 'main', symbol: candles.symbol, strategyName: strategy.name, weight: 1, strategy, candles, filters: FILTERS }], settings, { closeAtEnd: false });
  const perBar: Array<{ target: number; stopDistance: number }> = [];
  let fill = 0;
  let decision = 0;
  let target = 0;
  let stopDistance = Number.NaN;
  for (let k = 0; k < candles.length; k++) {
    for (; fill < kernel.fills.length && kernel.fills[fill].timeMs <= candles.time[k]; fill++) if (kernel.fills[fill].reason === 'stop') target = 0;
    for (; decision < kernel.decisions.length && kernel.decisions[decision].timeMs <= candles.time[k]; decision++) {
      target = kernel.decisions[decision].target;
      stopDistance = kernel.decisions[decision].stopDistance;
    }
    perBar.push({ target, stopDistance });
  }
  return perBar;
}

function trackerTargets(candles: CandleSeries, create: () => Strategy, settings: EngineSettings): Array<{ target: number; stopDistance: number }> {
  const tracker = new SleeveDecisionTracker({ name: 'main', symbol: candles.symbol, weight: 1 }, 'x', create, { barMs: 3_600_000, allowShort: settings.allowShort, slippageBps: settings.slippageBps, tickSize: FILTERS.tickSize });
  tracker.reset();
  const perBar: Array<{ target: number; stopDistance: number }> = [];
  for (let k = 0; k < candles.length; k++) {
    tracker.onShadowBar(candles, k);
    const decision = tracker.decision();
    assert.equal(decision.barTimeMs, candles.time[k]);
    assert.equal(decision.referencePrice, candles.close[k], `bar ${k}: the decision is sized at its bar's close`);
    perBar.push({ target: decision.target, stopDistance: decision.stopDistance });
  }
  return perBar;
}

describe('the sleeve decision tracker beside the backtest kernel', () => {
  for (const kind of ['breakout_vol_atr', 'tsmom_ema', 'sma_cross']) {
    test(`decides ${kind} as the one-sleeve kernel does, bar for bar, over random paths, with slippage and with shorts allowed or not`, () => {
      let stops = 0;
      let changes = 0;
      for (let seed = 1; seed <= 4; seed++) {
        const candles = syntheticCandles({ symbol: 'RNDUSDT', timeframe: '1h', bars: BARS, seed: seed * 7_919, startPrice: 100, startMs: START_MS, intervalMs: HOUR_MS, sigma: 0.006 * seed });
        // Margin and minimum notional never stop an order here: every decided order fills, as on a venue that fills.
        const settings = settingsWith({ initialCapital: 1_000_000, leverage: 1, allowShort: seed % 2 === 1, slippageBps: 3 * seed, sizing: { mode: 'fixed_notional', notional: 1_000, riskPerTrade: 0.01 } });
        const create = strategyFor(kind);
        const expected = kernelTargets(candles, create, settings);
        const got = trackerTargets(candles, create, settings);
        for (let k = 0; k < BARS; k++) assert.deepEqual(got[k], expected[k], `${kind} seed ${seed} bar ${k}: tracker decides as the kernel`);
        for (let k = 1; k < BARS; k++) if (expected[k].target !== expected[k - 1].target) changes++;
        const strategy = create();
        stops += runBacktestKernel([{ name: 'main', symbol: candles.symbol, strategyName: strategy.name, weight: 1, strategy, candles, filters: FILTERS }], settings, { closeAtEnd: false }).fills.filter((fill) => fill.reason === 'stop').length;
      }
      assert.ok(changes > 20, `${kind}: the targets change often enough to compare (${changes} changes)`);
      if (kind === 'breakout_vol_atr') assert.ok(stops > 0, 'some protective stop fires, so the stop-from-fill rule is exercised');
    });
  }

  test('sets the shadow stop from the slipped fill at the next open: a bar reaching it stops the position, one a tick above does not', () => {
    // Long at bar 0's close with stop distance 2; fills at bar 1's open 100 + 10 bps = 100.1, stop 98.1.
    const rows = (low: number): Array<[number, number, number, number]> => [
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 100, low, 100],
      [100, 100, 100, 100],
    ];
    const settings = { barMs: 60_000, allowShort: true, slippageBps: 10, tickSize: 0.01 };
    const at = (low: number) => {
      const tracker = new SleeveDecisionTracker({ name: 's', symbol: 'TESTUSDT', weight: 1 }, 'scripted', () => scriptedStrategy({ 0: { target: 1, stopDistance: 2 } }), settings);
      tracker.warm(candlesFrom(rows(low)), 4);
      return tracker.decision().target;
    };
    assert.equal(at(98.1), 0, 'low 98.1 reaches the stop 100.1 − 2');
    assert.equal(at(98.11), 1, 'low 98.11 does not');
  });

  test('sets the shadow take-profit from the same fill: a bar reaching it closes the position, one a tick below does not, and the live decision carries the distance', () => {
    // Long at bar 0's close, take-profit 3 away: fills at bar 1's open 100.1, take-profit 103.1.
    const rows = (high: number): Array<[number, number, number, number]> => [
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, high, 100, 100],
      [100, 100, 100, 100],
    ];
    const settings = { barMs: 60_000, allowShort: true, slippageBps: 10, tickSize: 0.01 };
    const tracked = (high: number) => {
      const tracker = new SleeveDecisionTracker({ name: 's', symbol: 'TESTUSDT', weight: 1 }, 'scripted', () => scriptedStrategy({ 0: { target: 1, stopDistance: 2, takeProfitDistance: 3 } }), settings);
      tracker.warm(candlesFrom(rows(high)), 4);
      return tracker.decision();
    };
    assert.equal(tracked(103.1).target, 0, 'high 103.1 reaches the take-profit 100.1 + 3');
    assert.equal(tracked(103.09).target, 1, 'high 103.09 does not');
    assert.equal(tracked(103.09).takeProfitDistance, 3, 'the held target keeps its take-profit distance for the live runner');
  });

  test('refuses targets beyond ±1 as the kernel does (fail closed, naming the bar), and turns shorts to flat where not allowed', () => {
    const decide = (allowShort: boolean, target: number) => {
      const tracker = new SleeveDecisionTracker({ name: 's', symbol: 'TESTUSDT', weight: 1 }, 'scripted', () => scriptedStrategy({ 0: target }), { barMs: 60_000, allowShort, slippageBps: 0, tickSize: 0.01 });
      tracker.warm(candlesFrom([[100, 100, 100, 100]]), 1);
      return tracker.decision().target;
    };
    assert.throws(() => decide(true, 3), /set target 3 at the bar of/);
    assert.throws(() => decide(true, -3), /set target -3 at the bar of/);
    assert.equal(decide(false, -0.5), 0);
  });
});

describe('a strategy refusing to decide', () => {
  test('its reason reaches the live decision, and is gone once it decides again', () => {
    let refusing = true;
    const strategy: Strategy = {
      name: 'refuser',
      warmupBars: 0,
      onBar: () => undefined,
      refusalReason: () => (refusing ? 'model m: every feature is missing (NaN); no new position' : undefined),
    };
    const tracker = new SleeveDecisionTracker({ name: 's', symbol: 'TESTUSDT', weight: 1 }, 'refuser', () => strategy, { barMs: HOUR_MS, allowShort: true, slippageBps: 0, tickSize: 0.01 });
    const candles = candlesFrom([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100]]);
    tracker.warm(candles, 1);
    assert.equal(tracker.onLiveBar(candles, 1, 0).strategyRefusal, 'model m: every feature is missing (NaN); no new position');
    refusing = false;
    assert.equal(tracker.onLiveBar(candles, 2, 0).strategyRefusal, undefined);
  });
});
