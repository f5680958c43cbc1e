import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ema, emaSeries } from './ema.ts';
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

describe('Ema', () => {
  test('is seeded with the SMA of the first period values, then smooths with alpha = 2/(period+1)', () => {
    // EMA(3): seed (2+4+6)/3 = 4 at index 2; alpha 0.5 → 0.5·4 + 0.5·8 = 6, then 0.5·6 + 0.5·2 = 4.
    const out = emaSeries(Float64Array.of(2, 4, 6, 8, 2), 3);
    assertSeriesClose(out, [NaN, NaN, 4, 6, 4], 1e-12, 'EMA(3)');
  });

  test('with period 1 follows the input', () => {
    assertSeriesClose(emaSeries(Float64Array.of(5, 7, 3), 1), [5, 7, 3], 0, 'EMA(1)');
  });

  test('becomes stable at the period-th value', () => {
    const ema = new Ema(3);
    ema.update(1);
    ema.update(1);
    assert.equal(ema.isStable, false, 'two of three values');
    assert.ok(Number.isNaN(ema.value), 'value is NaN before stable');
    ema.update(1);
    assert.equal(ema.isStable, true, 'three of three values');
  });

  test('matches TA-Lib EMA(2) and EMA(10) (classic seeding) within 0.01', { skip: skipWithoutShared }, () => {
    const { close } = readTaLibSeries();
    for (const period of [2, 10]) {
      const out = emaSeries(close, period);
      const rows = readTaLibExpected(`EMA(${period})`);
      for (const row of rows) {
        assert.ok(Math.abs(out[row.bar] - (row.expected as number)) <= 0.01, `${row.test} bar ${row.bar}: ${out[row.bar]} vs ${row.expected}`);
      }
      assert.ok(Number.isNaN(out[period - 2]), `EMA(${period}) has no value before bar ${period - 1}`);
    }
  });

  test('matches backtrader EMA(30) check values and derived series', { skip: skipWithoutShared }, () => {
    const data = readBacktraderSeries();
    const out = emaSeries(data.close, 30);
    const check = readBacktraderCheck('ema');
    const bars = backtraderCheckBars(data.length, check.chkmin);
    assert.deepEqual(bars.map((bar) => formatLikeBacktrader(out[bar])), check.chkvals[0], 'backtrader chkvals');
    assertSeriesClose(out, readBacktraderDerived().get('ema30')!, 1e-9, 'ema30');
  });
});
