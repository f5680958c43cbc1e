import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { skipWithoutShared } from '../../../../test/support/sharedData.ts';
import { mlFixturePath, readEurusdBars, readNumericCsv } from '../testing/mlFixture.ts';
import type { Bar } from '../../strategy.ts';
import { featureColumns } from './featureColumns.ts';
import { FeaturePipeline } from './featurePipeline.ts';

const HOUR_MS = 3_600_000;

/** Worst disagreement of `got` with the fixture column: relative, with an absolute floor for values that are 0 up to rounding (sin π). */
function compare(name: string, got: (row: number) => number, expected: Float64Array, times: string[]): void {
  for (let r = 0; r < expected.length; r++) {
    const want = expected[r];
    const value = got(r);
    if (Number.isNaN(want) || Number.isNaN(value)) {
      assert.ok(Number.isNaN(want) && Number.isNaN(value), `${name} at ${times[r]}: ${value}, fixture ${want} (NaN must match NaN)`);
      continue;
    }
    const error = Math.abs(value - want);
    assert.ok(error <= 1e-9 * Math.abs(want) || error <= 1e-15, `${name} at ${times[r]}: ${value}, fixture ${want}`);
  }
}

describe('feature pipeline against the fixture (../shared/expected/ml)', { skip: skipWithoutShared }, () => {
  const load = () => {
    const fixture = readNumericCsv(mlFixturePath('eurusd_1h_features.csv'));
    const names = (JSON.parse(readFileSync(mlFixturePath('fixture.json'), 'utf8')) as { features: string[] }).features;
    return { fixture, names, bars: readEurusdBars() };
  };

  it('computes the 21 features on columns within 1e-9 relative, warm-up NaN where the fixture has them', () => {
    const { fixture, names, bars } = load();
    assert.equal(names.length, 21);
    assert.equal(bars.time.length, fixture.rows);
    const columns = featureColumns(names, bars, HOUR_MS);
    names.forEach((name, c) => compare(name, (r) => columns[c][r], fixture.columns.get(name) as Float64Array, fixture.times));
  });

  it('computes the same features streaming, one closed bar at a time', () => {
    const { fixture, names, bars } = load();
    const pipeline = new FeaturePipeline(names, HOUR_MS);
    const rows: Float64Array[] = [];
    for (let i = 0; i < bars.time.length; i++) {
      // A fresh bar object each time: the pipeline must not depend on the caller reusing one.
      const bar: Bar = { time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i] };
      rows.push(Float64Array.from(pipeline.update(bar)));
    }
    names.forEach((name, c) => compare(name, (r) => rows[r][c], fixture.columns.get(name) as Float64Array, fixture.times));
  });

  it('shows a higher bar only after its last base bar closed: the 08:00–12:00 4h bar first at the 11:00 bar', () => {
    const { fixture, bars } = load();
    const pipeline = new FeaturePipeline(['htf_4h_ret_1'], HOUR_MS);
    const i = fixture.times.findIndex((time) => time.endsWith('T11:00:00Z') && time > '2017-04-21');
    let before = Number.NaN;
    for (let k = 0; k <= i; k++) {
      if (k === i) before = pipeline.values[0];
      pipeline.update({ time: bars.time[k], open: bars.open[k], high: bars.high[k], low: bars.low[k], close: bars.close[k], volume: bars.volume[k] });
    }
    const closes = (from: number, to: number) => [bars.close[from], bars.close[to]];
    const [previousClose, close] = closes(i - 4, i);
    assert.equal(pipeline.values[0], close / previousClose - 1, 'at 11:00 the 4h return is 11:00 close over 07:00 close');
    assert.notEqual(before, pipeline.values[0], 'at 10:00 the bar was not yet visible');
  });
});
