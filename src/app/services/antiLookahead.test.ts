import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { sliceCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { syntheticCandles } from '../../domain/market/syntheticCandles.ts';
import { runBacktestKernel, type KernelResult } from '../../engine/backtest/runBacktestKernel.ts';
import type { SleeveInput } from '../../engine/engineSettings.ts';
import { getBuiltInStrategy } from '../../strategy/registry.ts';
import type { Bar, PositionView, Signal, Strategy } from '../../strategy/strategy.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { engineSettingsFrom } from './runBacktest.ts';

const loaded = loadConfig(fileURLToPath(new URL('../../../config/r1-ensemble.yaml', import.meta.url)));
const config = loaded.config;
const settings = engineSettingsFrom(config);
const BARS = 2_400;
const CUTS = 25;

const data: CandleSeries[] = config.sleeves.map((sleeve, index) =>
  syntheticCandles({ symbol: sleeve.symbol, timeframe: '1h', bars: BARS, seed: 11 + index, startPrice: 100, startMs: Date.UTC(2023, 0, 1), intervalMs: 3_600_000, sigma: 0.01 }),
);

function r1Inputs(length: number, strategyFor?: () => Strategy): SleeveInput[] {
  return config.sleeves.map((sleeve, index) => {
    const definition = getBuiltInStrategy(sleeve.strategy);
    assert.ok(definition, `R1 strategy ${sleeve.strategy} is built in`);
    return {
      name: sleeve.name,
      symbol: sleeve.symbol,
      strategyName: sleeve.strategy,
      weight: sleeve.weight,
      strategy: strategyFor ? strategyFor() : definition.create(definition.paramsSchema.parse(sleeve.params)),
      candles: sliceCandleSeries(data[index], 0, length),
      filters: { ...config.instrument, ...sleeve.instrument },
    };
  });
}

function assertPrefixOfFull(full: KernelResult, cut: KernelResult, cutLastMs: number, label: string): void {
  const fullDecisions = full.decisions.filter((d) => d.timeMs <= cutLastMs);
  assert.deepEqual(cut.decisions, fullDecisions, `${label}: decisions up to ${new Date(cutLastMs).toISOString()} match the full run`);
  // The truncated run closes what is open at its last close (end_of_data); every other fill must match.
  const cutFills = cut.fills.filter((f) => f.reason !== 'end_of_data');
  const fullFills = full.fills.filter((f) => f.timeMs <= cutLastMs && !(f.timeMs === cutLastMs && f.reason === 'end_of_data'));
  assert.deepEqual(cutFills, fullFills, `${label}: fills up to the cut match the full run`);
}

function cutPoints(): number[] {
  // From after the longest warm-up (720 bars) to the end, plus a few early ones.
  const points = [2, 50, 400];
  for (let k = 1; points.length < CUTS; k++) points.push(720 + Math.floor(((BARS - 721) * k) / (CUTS - 3)));
  return points;
}

describe('anti-lookahead', () => {
  test('the R1 ensemble decides and fills identically on data truncated at 25 points, up to each cut', () => {
    const full = runBacktestKernel(r1Inputs(BARS), settings);
    assert.ok(full.decisions.length > 20 && full.fills.length > 20, `the full run trades (${full.decisions.length} decisions, ${full.fills.length} fills)`);
    assert.ok(new Set(full.fills.map((f) => f.sleeve)).size === 3, 'every sleeve trades');
    for (const length of cutPoints()) {
      const cut = runBacktestKernel(r1Inputs(length), settings);
      assertPrefixOfFull(full, cut, data[0].time[length - 1], `cut at ${length} bars`);
    }
  });

  test('a strategy that keeps the Bar object and reads it later only ever sees the current bar', () => {
    const peeks: string[] = [];
    // Decides on what the kept reference shows: it would differ under truncation if it held future data.
    const peeker = (): Strategy => {
      let kept: Readonly<Bar> | undefined;
      let lastTime = Number.NaN;
      return {
        name: 'peeker',
        warmupBars: 0,
        onBar(bar: Readonly<Bar>, _position: PositionView, signal: Signal): void {
          if (kept && kept.time !== bar.time) peeks.push(`kept bar shows ${kept.time}, current is ${bar.time}`);
          if (kept && kept.time < lastTime) peeks.push('kept bar went back in time');
          kept ??= bar;
          signal.target = kept.close > kept.open ? 1 : -1;
          lastTime = bar.time;
        },
      };
    };
    const full = runBacktestKernel(r1Inputs(BARS, peeker), settings);
    assert.deepEqual(peeks, [], 'the kept object is the current bar at every call, never a later one');
    for (const length of [100, 1_000, 2_000]) {
      assertPrefixOfFull(full, runBacktestKernel(r1Inputs(length, peeker), settings), data[0].time[length - 1], `peeker cut at ${length}`);
    }
  });

  test(
    'the position object handed to a strategy exposes no price column holding future bars',
    () => {
      const leaks: string[] = [];
      let seen = 0;
      const strategy: Strategy = {
        name: 'column-peeker',
        warmupBars: 0,
        onBar(_bar, position) {
          seen++;
          for (const [key, value] of Object.entries(position as unknown as Record<string, unknown>)) {
            if (value instanceof Float64Array && value.length > seen) leaks.push(`${key} has ${value.length} values after ${seen} bars`);
          }
        },
      };
      runBacktestKernel([{ ...r1Inputs(200)[0], strategy }], settings);
      assert.deepEqual(leaks.slice(0, 3), [], 'no column longer than the bars seen so far is reachable from the position');
    },
  );
});
