import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktestKernel } from './runBacktestKernel.ts';
import { MARKET_COST_PRESETS, sleeveCostsOf } from '../../domain/market/marketCosts.ts';
import { candlesFrom, scriptedStrategy, settingsWith, sleeveInput } from '../../../test/support/engineHarness.ts';

describe('market costs per sleeve', () => {
  test('the XAUUSD preset: 3 pips of 0.1 spread, 0.2 bps commission, 0.1 bps slippage', () => {
    assert.deepEqual(sleeveCostsOf(MARKET_COST_PRESETS.XAUUSD), { feeBps: 0.2, slippageBps: 0.1, spread: 0.30000000000000004, minStopDistance: 0 });
  });

  test('market orders cross half the spread and pay the sleeve’s own fee, not the settings’', () => {
    const candles = candlesFrom([
      [2000, 2000, 2000, 2000],
      [2000, 2001, 1999, 2000],
      [2010, 2011, 2009, 2010],
      [2010, 2010, 2010, 2010],
    ]);
    const strategy = scriptedStrategy({ 0: 1, 1: 0 });
    const costs = { feeBps: 1, slippageBps: 0, spread: 0.4, minStopDistance: 0 };
    const result = runBacktestKernel([sleeveInput(candles, strategy, { costs })], settingsWith({ feeBps: 50 }));
    const [entry, exit] = result.fills;
    assert.equal(entry.price, 2000.2, 'buy at the open + half the spread');
    assert.equal(exit.price, 2009.8, 'sell at the open − half the spread');
    assert.ok(Math.abs(entry.fee - (entry.quantity * 2000.2 * 1) / 10_000) < 1e-9, 'fee at the sleeve’s 1 bp, not the settings’ 50');
  });

  test('an entry whose stop is closer than the minimum stop distance is skipped and counted', () => {
    const candles = candlesFrom([
      [2000, 2000, 2000, 2000],
      [2000, 2001, 1999, 2000],
      [2000, 2001, 1999, 2000],
      [2000, 2001, 1999, 2000],
    ]);
    const strategy = scriptedStrategy({ 0: { target: 1, stopDistance: 0.5 }, 1: 0, 2: { target: 1, stopDistance: 2 } });
    const costs = { feeBps: 0, slippageBps: 0, spread: 0, minStopDistance: 1 };
    const result = runBacktestKernel([sleeveInput(candles, strategy, { costs })], settingsWith());
    assert.equal(result.sleeves[0].skippedOrders, 1, 'the 0.5 stop is under the 1.0 minimum');
    assert.equal(result.fills[0].timeMs, candles.time[3], 'the entry with a 2.0 stop fills');
  });
});
