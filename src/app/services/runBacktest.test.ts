import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../domain/errors/inputError.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../wiring/storeSleeveDataSource.ts';
import { engineSettingsFrom, runBacktest } from './runBacktest.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-runbacktest-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const r1Path = fileURLToPath(new URL('../../../config/r1-ensemble.yaml', import.meta.url));

describe('runBacktest', () => {
  test('the same config twice gives a byte-identical JSON report', async () => {
    const run = async () => JSON.stringify((await runBacktest({ loaded: loadConfig(r1Path), dataSource: new StoreSleeveDataSource(dir), from: '2023-01-01T00:00:00Z', to: '2023-07-01T00:00:00Z' })).report);
    const first = await run();
    const second = await run();
    assert.ok(first.length > 1_000 && first.includes('"trades"'), 'a real report');
    assert.equal(first, second, 'identical bytes');
  });

  test('annualises from the bar interval and days per year', () => {
    const hourly = engineSettingsFrom(loadConfig(r1Path).config);
    assert.equal(hourly.periodsPerYear, 365 * 24, 'hourly crypto: 8760 bars a year');
    const path = join(dir, 'daily.yaml');
    writeFileSync(path, 'name: d\nmarket: {type: spot}\ndata: {timeframe: 1d}\nmetrics: {daysPerYear: 252}\nsleeves:\n  - {name: A, symbol: AAPL, weight: 1, strategy: tsmom_ema}\n');
    assert.equal(engineSettingsFrom(loadConfig(path).config).periodsPerYear, 252, 'daily stocks: 252');
  });

  test('a user strategy that throws in onBar becomes an InputError naming the sleeve, the file and the bar time', async () => {
    writeFileSync(
      join(dir, 'thrower.mjs'),
      "export default { name: 'thrower', create: () => ({ name: 'thrower', warmupBars: 0, n: 0, onBar(bar) { if (++this.n === 5) throw new Error('kaboom'); } }) };",
    );
    const path = join(dir, 'throwing.yaml');
    writeFileSync(path, 'name: t\ndata: {syntheticFallback: {bars: 20, seed: 3}}\nsleeves:\n  - {name: ALPHA, symbol: BTCUSDT, weight: 0.5, strategy: ./thrower.mjs}\n');
    await assert.rejects(
      runBacktest({ loaded: loadConfig(path), dataSource: new StoreSleeveDataSource(dir) }),
      (error: unknown) => {
        assert.ok(error instanceof InputError, `an InputError, was ${String(error)}`);
        assert.match(error.message, /ALPHA/, 'names the sleeve');
        assert.match(error.message, /thrower\.mjs/, 'names the strategy file');
        assert.match(error.message, /2023-01-01T04:00:00\.000Z/, 'names the fifth bar');
        assert.match(error.message, /kaboom/, 'carries the reason');
        assert.equal(error.details.keyPath, 'sleeves[0].strategy', 'key path');
        return true;
      },
    );
  });
});
