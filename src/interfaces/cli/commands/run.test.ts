import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArrowCandleStore } from '../../../adapters/data/arrowCandleStore.ts';
import { HOUR_MS, START_MS, r1Candles, r1Config } from '../../../../test/fixtures/paper/paperFixture.ts';

const SECRET = 'zz-fake-secret-0f1e2d3c4b5a';
const cli = join(process.cwd(), 'bin/rampart.mjs');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

describe('rampart run --paper / kill / status', () => {
  test('a paper session writes no secret anywhere, and a kill survives a restart', async () => {
    const { dir, path } = r1Config((raw) => {
      raw.data = { timeframe: '1h', store: 'candles', syntheticFallback: false };
      raw.sleeves = [{ name: 'SOL', symbol: 'SOLUSDT', weight: 0.5, strategy: 'tsmom_ema', params: { lookback: 3 }, instrument: { lotStep: 0.01, tickSize: 0.001 } }];
    });
    const store = new ArrowCandleStore(join(dir, 'candles'));
    for (const series of r1Candles(30).values()) await store.saveCandles(series);
    const env = { ...process.env, RAMPART_DATABASE_URL: '', RAMPART_ACCOUNT_DEFAULT_EXCHANGE: 'binance', RAMPART_ACCOUNT_DEFAULT_API_KEY: 'fake-key', RAMPART_ACCOUNT_DEFAULT_API_SECRET: SECRET };
    const run = spawnSync(process.execPath, [cli, 'run', '-c', path, '--paper', '--once', '--start', new Date(START_MS).toISOString(), '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(run.status, 0, `run --paper --once exits 0: ${run.stderr}`);
    assert.match(run.stdout, /"event":"api_keys_ignored"/, 'says the keys were ignored');
    assert.match(run.stdout, /"event":"fill"/, 'logs one JSON line per fill');
    const kill = spawnSync(process.execPath, [cli, 'kill', '-c', path, '--reason', 'test halt', '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(kill.status, 0, kill.stderr);
    const status = execFileSync(process.execPath, [cli, 'status', '-c', path, '--json', '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(JSON.parse(status)[0].tradingState, 'HALTED', 'HALTED is read back from the store by a new process');
    const empty = spawnSync(process.execPath, [cli, 'reset', '-c', path, '--reason', '  ', '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(empty.status, 2, 'an empty reason is bad input');
    for (const file of filesUnder(dir)) assert.ok(!readFileSync(file).includes(SECRET), `${file} must not contain the secret`);
    for (const output of [run.stdout, run.stderr, kill.stdout, kill.stderr, status, empty.stderr]) assert.ok(!output.includes(SECRET), 'no output contains the secret');
    void HOUR_MS;
  });
});
