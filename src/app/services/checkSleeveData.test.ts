import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../wiring/storeSleeveDataSource.ts';
import { runBacktest } from './runBacktest.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-sleeve-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const T0 = Date.UTC(2023, 0, 1);

/** An hourly market-data file of `bars` bars from `startMs`. */
function hourlyFile(name: string, bars: number, startMs = T0): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < bars; i++) {
    const price = 100 + 5 * Math.sin(i / 7);
    lines.push(`${startMs + i * HOUR},${price},${price + 1},${price - 1},${price + 0.5},10`);
  }
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return name;
}

function config(name: string, sleeves: string[]): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `name: ${name}\ndata: {store: ${JSON.stringify(join(dir, 'empty-store'))}, syntheticFallback: {bars: 500, seed: 3}}\nrisk: research\nsleeves:\n${sleeves.map((line) => `  - ${line}`).join('\n')}\n`);
  return path;
}

const run = (path: string) => runBacktest({ loaded: loadConfig(path), dataSource: new StoreSleeveDataSource(dir) });

describe('data a run can trust', () => {
  test('a run mixing market data with synthetic sleeves is refused, naming every synthetic sleeve and the key that allows it', async () => {
    const btc = hourlyFile('btc.csv', 500);
    const path = config('mixed', [
      `{name: BTC, symbol: BTCUSDT, weight: 0.3, strategy: sma_cross, data: {file: ${btc}}}`,
      '{name: ETH, symbol: ETHUSDT, weight: 0.3, strategy: sma_cross}',
      '{name: SOL, symbol: SOLUSDT, weight: 0.3, strategy: sma_cross}',
    ]);
    await assert.rejects(run(path), (error: Error) => {
      assert.match(error.message, /mixed\.yaml: sleeves ETH, SOL would run on SYNTHETIC data beside BTC on market data/);
      assert.match(error.message, /sleeves\[1\]\.data\.allowSynthetic: true, sleeves\[2\]\.data\.allowSynthetic: true/);
      return true;
    });
  });

  test('each synthetic sleeve allowed by name runs, labelled SYNTHETIC', async () => {
    const btc = hourlyFile('btc-allowed.csv', 500);
    const path = config('allowed', [
      `{name: BTC, symbol: BTCUSDT, weight: 0.5, strategy: sma_cross, data: {file: ${btc}}}`,
      '{name: ETH, symbol: ETHUSDT, weight: 0.5, strategy: sma_cross, data: {allowSynthetic: true}}',
    ]);
    const { report } = await run(path);
    assert.deepEqual(report.meta.dataSources.map((source) => [source.sleeve, source.synthetic]), [['BTC', false], ['ETH', true]]);
  });

  test('a sleeve covering much less of the run than the others is named in a warning', async () => {
    const long = hourlyFile('long.csv', 500);
    const short = hourlyFile('short.csv', 2, T0 + 498 * HOUR);
    const path = config('coverage', [
      `{name: BTC, symbol: BTCUSDT, weight: 0.5, strategy: sma_cross, data: {file: ${long}}}`,
      `{name: ETH, symbol: ETHUSDT, weight: 0.5, strategy: sma_cross, data: {file: ${short}}}`,
    ]);
    const { warnings } = await run(path);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /sleeve ETH's data covers 2023-01-21 … 2023-01-21, 0 % of the run's 2023-01-01 … 2023-01-21 \(data\.maxCoverageDifference 0\.1\)/);
  });
});
