import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktestKernel } from './runBacktestKernel.ts';
import type { EngineSettings } from '../engineSettings.ts';
import { candlesFrom, HOUR_MS, scriptedStrategy, settingsWith, sleeveInput, START_MS } from '../../../test/support/engineHarness.ts';

const at = (i: number) => START_MS + i * HOUR_MS;

/** Enter long (or short) at bar 1's open of 100 with a stop 2 and a take-profit 3 away; then `bars`. */
function run(side: 1 | -1, bars: [number, number, number, number][], overrides: Partial<EngineSettings> = {}) {
  const candles = candlesFrom([[100, 100, 100, 100], [100, 100.5, 99.5, 100], ...bars]);
  const strategy = scriptedStrategy({ 0: { target: side, stopDistance: 2, takeProfitDistance: 3 } });
  const result = runBacktestKernel([sleeveInput(candles, strategy)], settingsWith(overrides));
  assert.equal(result.fills[0].price, 100, 'entered at bar 1 open');
  return result;
}

describe('take-profit and stop-loss set at entry from the fill price', () => {
  test('a long exits at the take-profit level when a bar’s high reaches it, without slippage', () => {
    const result = run(1, [[101, 103.2, 100.5, 102]], { slippageBps: 0 });
    const exit = result.trades[0];
    assert.deepEqual([exit.exitReason, exit.exitPrice, exit.exitTimeMs], ['take_profit', 103, at(2)]);
  });

  test('a short exits at its take-profit below the entry', () => {
    const exit = run(-1, [[99, 99.5, 96.5, 97]]).trades[0];
    assert.deepEqual([exit.exitReason, exit.exitPrice], ['take_profit', 97]);
  });

  test('a bar touching both exits at the stop by default (the conservative reading)', () => {
    const exit = run(1, [[100, 103.5, 97.5, 100]]).trades[0];
    assert.deepEqual([exit.exitReason, exit.exitPrice], ['stop', 98]);
  });

  test('intrabarExitOrder take_profit_first takes the take-profit when both are touched', () => {
    const exit = run(1, [[100, 103.5, 97.5, 100]], { intrabarExitOrder: 'take_profit_first' }).trades[0];
    assert.deepEqual([exit.exitReason, exit.exitPrice], ['take_profit', 103]);
  });

  test('a gap through the take-profit fills at the open (better than the level)', () => {
    const exit = run(1, [[104, 105, 96, 104]]).trades[0];
    assert.deepEqual([exit.exitReason, exit.exitPrice], ['take_profit', 104], 'gap up past 103: filled at the open although the low also reached the stop');
  });

  test('a gap through the stop fills at the open even when the bar later reaches the take-profit', () => {
    const exit = run(1, [[97, 104, 96, 103]], { intrabarExitOrder: 'take_profit_first' }).trades[0];
    assert.deepEqual([exit.exitReason, exit.exitPrice], ['stop', 97]);
  });

  test('a short gapping down through its take-profit fills at the open', () => {
    const exit = run(-1, [[95, 99, 94, 95]]).trades[0];
    assert.deepEqual([exit.exitReason, exit.exitPrice], ['take_profit', 95]);
  });

  test('a bar inside both levels keeps the position open', () => {
    const result = run(1, [[100, 102.9, 98.1, 101]]);
    assert.equal(result.trades[0].exitReason, 'end_of_data');
  });
});
