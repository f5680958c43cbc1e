import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../wiring/storeSleeveDataSource.ts';
import { runBacktest } from './runBacktest.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-sleeve-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(name: string, sleeveLine: string): Promise<InputError> {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `name: ${name}\ndata: {syntheticFallback: {bars: 50}}\nsleeves:\n${sleeveLine}\n`);
  try {
    await runBacktest({ loaded: loadConfig(path), dataSource: new StoreSleeveDataSource(dir) });
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, was ${String(error)}`);
    assert.ok(error.message.startsWith(path), `names the config file first: ${error.message}`);
    return error;
  }
  throw new Error('the run was not refused');
}

describe('sleeve errors name the config file, the key and the line', () => {
  test('an unknown strategy', async () => {
    const error = await refusal('strategy', '  - {name: A, symbol: BTCUSDT, weight: 1, strategy: tsmom_emma}');
    assert.match(error.message, /strategy\.yaml \(line 4, column \d+\): sleeves\[0\]\.strategy: unknown strategy "tsmom_emma": built-in strategies are .*tsmom_ema/);
    assert.equal(error.details.keyPath, 'sleeves[0].strategy');
  });

  test('a missing data file', async () => {
    const error = await refusal('data', '  - {name: A, symbol: BTCUSDT, weight: 1, strategy: tsmom_ema, data: {file: missing-1h.csv}}');
    assert.match(error.message, /data\.yaml \(line 4, column \d+\): sleeves\[0\]\.data\.file: .*missing-1h\.csv/);
  });

  test('an unknown parameter lists the valid ones with their defaults', async () => {
    const error = await refusal('params', '  - {name: A, symbol: BTCUSDT, weight: 1, strategy: sma_cross, params: {fats: 3}}');
    assert.match(error.message, /sleeves\[0\]\.params\.fats: unknown parameter of strategy sma_cross; valid parameters: fast \(default 10, fast SMA length in bars\); slow \(default 30/);
    assert.equal(error.details.keyPath, 'sleeves[0].params.fats');
  });
});
