import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rsiSeries } from './rsi.ts';
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

describe('Rsi', () => {
  test('seeds with the mean gain and loss of the first period changes, then smooths the Wilder way', () => {
    // Changes +1, −1 → avg gain 0.5, avg loss 0.5 → 50; change +2 → gain 1.25, loss 0.25 → 83.33….
    const out = rsiSeries(Float64Array.of(10, 11, 10, 12), 2);
    assertSeriesClose(out, [NaN, NaN, 50, (100 * 1.25) / 1.5], 1e-12, 'RSI(2)');
  });

  test('is 0 on a flat series and 100 on a rising one', () => {
    assert.equal(rsiSeries(Float64Array.of(5, 5, 5, 5), 2)[3], 0, 'nothing moved');
    assert.equal(rsiSeries(Float64Array.of(1, 2, 3, 4), 2)[3], 100, 'only gains');
  });

  test('matches TA-Lib RSI(14) within 0.01', { skip: skipWithoutShared }, () => {
    const out = rsiSeries(readTaLibSeries().close, 14);
    for (const row of readTaLibExpected('RSI(14)')) {
      assert.ok(Math.abs(out[row.bar] - (row.expected as number)) <= 0.01, `RSI bar ${row.bar}: ${out[row.bar]} vs ${row.expected}`);
    }
  });

  test('matches backtrader RSI(14) check values and derived series', { skip: skipWithoutShared }, () => {
    const data = readBacktraderSeries();
    const out = rsiSeries(data.close, 14);
    const check = readBacktraderCheck('rsi');
    const bars = backtraderCheckBars(data.length, check.chkmin);
    assert.deepEqual(bars.map((bar) => formatLikeBacktrader(out[bar])), check.chkvals[0], 'backtrader chkvals');
    assertSeriesClose(out, readBacktraderDerived().get('rsi14')!, 1e-9, 'rsi14');
  });
});
