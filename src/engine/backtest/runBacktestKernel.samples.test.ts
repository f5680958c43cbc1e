import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktestKernel, type KernelOptions } from './runBacktestKernel.ts';
import { syntheticCandles } from '../../domain/market/syntheticCandles.ts';
import { getBuiltInStrategy } from '../../strategy/registry.ts';
import { settingsWith, START_MS, HOUR_MS } from '../../../test/support/engineHarness.ts';

const candles = syntheticCandles({ symbol: 'TESTUSDT', timeframe: '1h', bars: 5_000, seed: 11, startPrice: 100, startMs: START_MS, intervalMs: HOUR_MS });
const settings = settingsWith({ feeBps: 4, slippageBps: 2 });

function run(options: KernelOptions) {
  const definition = getBuiltInStrategy('tsmom_ema')!;
  const strategy = definition.create(definition.paramsSchema.parse({ lookback: 24 }));
  return runBacktestKernel([{ name: 'main', symbol: 'TESTUSDT', strategyName: 'tsmom_ema', weight: 1, strategy, candles, filters: { lotStep: 0.001, tickSize: 0.01, minNotional: 5 } }], settings, options);
}

test('asking for fewer equity samples keeps that many and leaves every metric as it is', () => {
  const every = run({});
  const few = run({ maxEquitySamples: 50 });
  assert.equal(every.sampleEquity.length, 5_000, 'a 5,000-bar run keeps every bar by default');
  assert.ok(few.sampleEquity.length <= 51, `${few.sampleEquity.length} samples for at most 50 plus the last bar`);
  assert.ok(few.sampleEquity.length >= 50);
  for (const name of ['maxDrawdown', 'barsInMarket', 'maxDrawdownDurationBars'] as const) assert.equal(few.metrics[name], every.metrics[name], name);
  assert.equal(few.metrics.sharpe(8_760), every.metrics.sharpe(8_760));
  assert.equal(few.metrics.sortino(8_760), every.metrics.sortino(8_760));
  assert.equal(few.finalEquity, every.finalEquity);
  // Each kept sample is the equity the full run marked at the same bar; the last one is after the end-of-data close.
  const equityAt = new Map(Array.from(every.sampleTimeMs, (time, index) => [time, every.sampleEquity[index]]));
  for (let index = 0; index < few.sampleEquity.length - 1; index++) assert.equal(few.sampleEquity[index], equityAt.get(few.sampleTimeMs[index]), `sample ${index}`);
  assert.equal(few.sampleTimeMs.at(-1), candles.time.at(-1));
  assert.equal(few.sampleEquity.at(-1), every.sampleEquity.at(-1));
});
