import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Atr, atrSeries } from './atr.ts';
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

describe('Atr', () => {
  test('ignores the first bar, seeds with the mean true range, then smooths the Wilder way', () => {
    // Bar 0's huge range has no previous close and must not count.
    const high = Float64Array.of(100, 11, 12, 20);
    const low = Float64Array.of(0, 9, 10, 18);
    const close = Float64Array.of(9, 10, 11, 19);
    // TR1 = max(2, |11−9|, |9−9|) = 2; TR2 = 2 → ATR(2) at bar 2 = 2.
    // TR3 = max(2, |20−11|, |18−11|) = 9 (gap) → (1·2 + 9) / 2 = 5.5.
    assertSeriesClose(atrSeries(high, low, close, 2), [NaN, NaN, 2, 5.5], 1e-12, 'ATR(2)');
  });

  test('is stable from bar period on', () => {
    const atr = new Atr(3);
    for (let i = 0; i < 3; i++) atr.update(11, 9, 10);
    assert.equal(atr.isStable, false, 'three bars give only two true ranges');
    atr.update(11, 9, 10);
    assert.equal(atr.isStable, true, 'four bars give three true ranges');
    assert.equal(atr.value, 2);
  });

  test('matches TA-Lib NATR(14) = ATR/close·100 within 0.01', { skip: skipWithoutShared }, () => {
    const { high, low, close } = readTaLibSeries();
    const atr = atrSeries(high, low, close, 14);
    assert.ok(Number.isNaN(atr[13]), 'no ATR(14) before bar 14');
    for (const row of readTaLibExpected('NATR(14)')) {
      const natr = (atr[row.bar] / close[row.bar]) * 100;
      assert.ok(Math.abs(natr - (row.expected as number)) <= 0.01, `NATR bar ${row.bar}: ${natr} vs ${row.expected}`);
    }
  });

  test('matches backtrader ATR(14) check values and derived series', { skip: skipWithoutShared }, () => {
    const data = readBacktraderSeries();
    const out = atrSeries(data.high, data.low, data.close, 14);
    const check = readBacktraderCheck('atr');
    const bars = backtraderCheckBars(data.length, check.chkmin);
    assert.deepEqual(bars.map((bar) => formatLikeBacktrader(out[bar])), check.chkvals[0], 'backtrader chkvals');
    assertSeriesClose(out, readBacktraderDerived().get('atr14')!, 1e-9, 'atr14');
  });
});
