import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RollingMax, rollingMaxSeries } from './rollingMax.ts';
import { rollingMinSeries } from './rollingMin.ts';
import { assertSeriesClose, randomWalk } from './testing/assertSeries.ts';
import { skipWithoutShared } from '../../../test/support/sharedData.ts';
import {
  backtraderCheckBars,
  formatLikeBacktrader,
  readBacktraderCheck,
  readBacktraderDerived,
  readBacktraderSeries,
  readTaLibExpected,
  readTaLibSeries,
} from './testing/referenceData.ts';

function bruteForce(values: Float64Array, period: number, pick: (a: number, b: number) => number): number[] {
  return Array.from(values, (_, i) =>
    i + 1 < period ? NaN : values.subarray(i + 1 - period, i + 1).reduce((a, b) => pick(a, b)),
  );
}

describe('RollingMax and RollingMin', () => {
  test('give the highest and lowest of the last period values, current included', () => {
    const values = Float64Array.of(1, 3, 2, 5, 4, 1, 0, 0);
    assertSeriesClose(rollingMaxSeries(values, 3), [NaN, NaN, 3, 5, 5, 5, 4, 1], 0, 'max(3)');
    assertSeriesClose(rollingMinSeries(values, 3), [NaN, NaN, 1, 2, 2, 1, 0, 0], 0, 'min(3)');
  });

  test('agree with a brute-force window scan on random walks for many periods', () => {
    const values = randomWalk(600, 42);
    for (const period of [1, 2, 3, 7, 64, 333]) {
      assertSeriesClose(rollingMaxSeries(values, period), bruteForce(values, period, Math.max), 0, `max(${period})`);
      assertSeriesClose(rollingMinSeries(values, period), bruteForce(values, period, Math.min), 0, `min(${period})`);
    }
  });

  test('read before the update give the channel of the previous period bars', () => {
    const max = new RollingMax(2);
    max.update(10);
    max.update(8);
    assert.equal(max.value, 10, 'previous two bars before bar 2 arrives');
    max.update(20);
    assert.equal(max.value, 20, 'bar 2 included after its update');
  });

  test('match TA-Lib Donchian channels exactly', { skip: skipWithoutShared }, () => {
    const { high, low } = readTaLibSeries();
    for (const row of readTaLibExpected('DONCHIAN(')) {
      const period = Number(/DONCHIAN\((\d+)\)/.exec(row.test)![1]);
      const upper = rollingMaxSeries(high, period)[row.bar];
      const lower = rollingMinSeries(low, period)[row.bar];
      assert.deepEqual([upper, (upper + lower) / 2, lower], row.expected, `${row.test} bar ${row.bar}`);
    }
  });

  test('match backtrader Highest(14) and Lowest(14) of close', { skip: skipWithoutShared }, () => {
    const data = readBacktraderSeries();
    const derived = readBacktraderDerived();
    for (const [name, out, column] of [
      ['highest', rollingMaxSeries(data.close, 14), 'highest14_close'],
      ['lowest', rollingMinSeries(data.close, 14), 'lowest14_close'],
    ] as const) {
      const check = readBacktraderCheck(name);
      const bars = backtraderCheckBars(data.length, check.chkmin);
      assert.deepEqual(bars.map((bar) => formatLikeBacktrader(out[bar])), check.chkvals[0], `${name} chkvals`);
      assertSeriesClose(out, derived.get(column)!, 0, column);
    }
  });
});
