import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StdDev, stdDevSeries } from './stdDev.ts';
import { smaSeries } from './sma.ts';
import { assertSeriesClose, randomWalk } from './testing/assertSeries.ts';
import { skipWithoutShared } from '../../../test/support/sharedData.ts';
import {
  backtraderCheckBars,
  formatLikeBacktrader,
  readBacktraderCheck,
  readBacktraderSeries,
} from './testing/referenceData.ts';

describe('StdDev', () => {
  test('is the population standard deviation of the window', () => {
    // [1,3] and [3,5]: mean 2 and 4, deviation 1 each; [2,4,4,4,5,5,7,9] has σ = 2.
    assertSeriesClose(stdDevSeries(Float64Array.of(1, 3, 5), 2), [NaN, 1, 1], 1e-12, 'StdDev(2)');
    assert.equal(stdDevSeries(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9), 8)[7], 2);
  });

  test('keeps precision at large price levels and over many laps', () => {
    const stdDev = new StdDev(5);
    const walk = randomWalk(20_000, 7, 1e7);
    for (const value of walk) stdDev.update(value);
    const window = Array.from(walk.slice(-5));
    const mean = window.reduce((a, b) => a + b, 0) / 5;
    const sigma = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 5);
    assert.ok(Math.abs(stdDev.value - sigma) <= 1e-6 * sigma, `σ ${stdDev.value} vs two-pass ${sigma}`);
    assert.ok(Math.abs(stdDev.mean - mean) <= 1e-9 * mean, `mean ${stdDev.mean} vs ${mean}`);
  });

  test('gives backtrader Bollinger bands(20, 2) check values as SMA ± 2σ', { skip: skipWithoutShared }, () => {
    const data = readBacktraderSeries();
    const mid = smaSeries(data.close, 20);
    const sigma = stdDevSeries(data.close, 20);
    const check = readBacktraderCheck('bbands');
    const bars = backtraderCheckBars(data.length, check.chkmin);
    assert.deepEqual(bars.map((bar) => formatLikeBacktrader(mid[bar] + 2 * sigma[bar])), check.chkvals[1], 'top band');
    assert.deepEqual(bars.map((bar) => formatLikeBacktrader(mid[bar] - 2 * sigma[bar])), check.chkvals[2], 'bottom band');
  });
});
