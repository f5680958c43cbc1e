import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../domain/errors/inputError.ts';
import { checkStrategyTarget } from './checkStrategyTarget.ts';

const BAR_MS = Date.UTC(2024, 0, 2, 5);

test('passes targets in [-1, 1], and NaN left unchanged where the engine had none', () => {
  for (const target of [-1, -0.25, 0, 0.7, 1]) assert.equal(checkStrategyTarget(target, 0, 's', 'x', BAR_MS), target);
  assert.ok(Number.isNaN(checkStrategyTarget(Number.NaN, Number.NaN, 's', 'x', BAR_MS)), 'nothing asked, nothing held');
});

test('refuses a target outside [-1, 1], infinite, or NaN written by the strategy, naming sleeve, strategy and bar', () => {
  for (const target of [5, -1.01, Number.POSITIVE_INFINITY, Number.NaN]) {
    assert.throws(
      () => checkStrategyTarget(target, 0, 'BTC', 'my_strategy', BAR_MS),
      (error: unknown) => error instanceof InputError && error.message.includes(`sleeve BTC: strategy my_strategy set target ${String(target)} at the bar of 2024-01-02T05:00:00.000Z`),
      `target ${target}`,
    );
  }
});

test('stops a backtest whose strategy sets target = 5 or NaN, in the one-sleeve and the many-sleeve loop', async () => {
  const { runBacktestKernel } = await import('../backtest/runBacktestKernel.ts');
  const { syntheticCandles } = await import('../../domain/market/syntheticCandles.ts');
  const { scriptedStrategy, settingsWith, START_MS, HOUR_MS } = await import('../../../test/support/engineHarness.ts');
  const candles = syntheticCandles({ symbol: 'TESTUSDT', timeframe: '1h', bars: 20, seed: 3, startPrice: 100, startMs: START_MS, intervalMs: HOUR_MS, sigma: 0.002 });
  const filters = { lotStep: 0.001, tickSize: 0.01, minNotional: 0 };
  const sleeve = (name: string, script: Record<number, number>) => ({ name, symbol: 'TESTUSDT', strategyName: 'scripted', weight: 0.5, strategy: scriptedStrategy(script), candles, filters });
  const settings = settingsWith({ initialCapital: 10_000 });
  const at = new Date(START_MS + 4 * HOUR_MS).toISOString();
  assert.throws(() => runBacktestKernel([sleeve('A', { 2: 1, 4: 5 })], settings), new RegExp(`sleeve A: strategy scripted set target 5 at the bar of ${at}`));
  assert.throws(() => runBacktestKernel([sleeve('A', { 1: 0.5 }), sleeve('B', { 4: Number.NaN })], settings), new RegExp(`sleeve B: strategy scripted set target NaN at the bar of ${at}`));
});
