import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Sma, smaSeries } from './sma.ts';
import { assertSeriesClose } from './testing/assertSeries.ts';
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

describe('Sma', () => {
  test('averages the last period values and is NaN before period values', () => {
    const out = smaSeries(Float64Array.of(1, 2, 3, 4, 5), 3);
    assertSeriesClose(out, [NaN, NaN, 2, 3, 4], 0, 'SMA(3)');
  });

  test('reports stability only once period values have arrived', () => {
    const sma = new Sma(2);
    sma.update(1);
    assert.equal(sma.isStable, false, 'one value of two is not stable');
    sma.update(3);
    assert.equal(sma.isStable, true, 'two values of two are stable');
    assert.equal(sma.value, 2);
  });

  test('does not drift from the exact window mean over many laps of large values', () => {
    const sma = new Sma(7);
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const value = 1e9 + ((i * 7919) % 1000) / 3;
      values.push(value);
      sma.update(value);
    }
    const exact = values.slice(-7).reduce((a, b) => a + b, 0) / 7;
    assert.ok(Math.abs(sma.value - exact) < 1e-6, `SMA ${sma.value} vs exact mean ${exact}`);
  });

  test('rejects a period that is not a positive integer', () => {
    assert.throws(() => new Sma(0), RangeError);
    assert.throws(() => new Sma(2.5), RangeError);
  });

  test('matches TA-Lib SMA(1), SMA(2), SMA(30) within 0.01', { skip: skipWithoutShared }, () => {
    const { close } = readTaLibSeries();
    for (const period of [1, 2, 30]) {
      const out = smaSeries(close, period);
      for (const row of readTaLibExpected(`SMA(${period})`)) {
        assert.ok(Math.abs(out[row.bar] - (row.expected as number)) <= 0.01, `${row.test} bar ${row.bar}: ${out[row.bar]} vs ${row.expected}`);
      }
    }
  });

  test('matches backtrader SMA(30) check values and derived series', { skip: skipWithoutShared }, () => {
    const data = readBacktraderSeries();
    const out = smaSeries(data.close, 30);
    const check = readBacktraderCheck('sma');
    const bars = backtraderCheckBars(data.length, check.chkmin);
    assert.deepEqual(bars.map((bar) => formatLikeBacktrader(out[bar])), check.chkvals[0], 'backtrader chkvals');
    assertSeriesClose(out, readBacktraderDerived().get('sma30')!, 1e-9, 'sma30');
  });
});
