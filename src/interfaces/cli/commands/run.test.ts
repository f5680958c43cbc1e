import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../main.ts';
import { ArrowCandleStore } from '../../../adapters/data/arrowCandleStore.ts';
import { HOUR_MS, START_MS, r1Candles, r1Config } from '../../../../test/fixtures/paper/paperFixture.ts';

const SECRET = 'zz-fake-secret-0f1e2d3c4b5a';
const cli = join(process.cwd(), 'bin/rampart.mjs');

/** Runs the CLI in this process (one child less per command), capturing what it prints. */
async function cliInProcess(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const previousDir = process.cwd();
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(previousDir);
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

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
    const env = { ...process.env, RAMPART_DATABASE_URL: '', RAMPART_ACCOUNT_DEFAULT_EXCHANGE: 'binanceusdm', RAMPART_ACCOUNT_DEFAULT_API_KEY: 'fake-key', RAMPART_ACCOUNT_DEFAULT_API_SECRET: SECRET };
    const run = spawnSync(process.execPath, [cli, 'run', '-c', path, '--paper', '--once', '--start', new Date(START_MS).toISOString(), '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(run.status, 0, `run --paper --once exits 0: ${run.stderr}`);
    assert.match(run.stdout, /"event":"api_keys_ignored"/, 'says the keys were ignored');
    assert.match(run.stdout, /"event":"fill"/, 'logs one JSON line per fill');
    const stateDir = join(dir, 'state');
    const window = ['--from', new Date(START_MS).toISOString(), '--to', new Date(START_MS + 29 * HOUR_MS).toISOString(), '--state-dir', stateDir];
    const consistent = await cliInProcess(['consistency', '-c', path, '--json', ...window], dir);
    assert.equal(consistent.code, 0, `consistency on an untouched store exits 0: ${consistent.stderr}`);
    const untouched = JSON.parse(consistent.stdout);
    assert.equal(untouched.fillAgreementPct, 100, 'an untouched store agrees 100% on fills');
    assert.equal(untouched.signalAgreementPct, 100, 'an untouched store agrees 100% on signals');
    assert.ok(untouched.fillsRecorded > 0, 'the window holds fills to compare');
    const sqliteFile = filesUnder(stateDir).find((file) => file.endsWith('.sqlite'));
    assert.ok(sqliteFile, 'the run wrote a SQLite store under --state-dir');
    const db = new Database(sqliteFile);
    db.prepare('UPDATE fills SET price = price || \'1\' WHERE sequence = (SELECT MIN(sequence) FROM fills)').run();
    db.close();
    const tampered = await cliInProcess(['consistency', '-c', path, ...window], dir);
    assert.equal(tampered.code, 1, 'a tampered fill makes consistency exit 1');
    assert.match(tampered.stdout, /INCONSISTENT/);
    const fillsLine = /fills:\s+([\d.]+)% agree/.exec(tampered.stdout);
    assert.ok(fillsLine && Number(fillsLine[1]) < 100, `fill agreement drops below 100% after tampering: ${tampered.stdout}`);
    const table = await cliInProcess(['status', '-c', path, '--state-dir', stateDir], dir);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /account default\s+state ACTIVE/, 'the table names the account and its trading state');
    const kill = spawnSync(process.execPath, [cli, 'kill', '-c', path, '--reason', 'test halt', '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(kill.status, 0, kill.stderr);
    const status = execFileSync(process.execPath, [cli, 'status', '-c', path, '--json', '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(JSON.parse(status)[0].tradingState, 'HALTED', 'HALTED is read back from the store by a new process');
    const empty = spawnSync(process.execPath, [cli, 'reset', '-c', path, '--reason', '  ', '--state-dir', join(dir, 'state')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(empty.status, 2, 'an empty reason is bad input');
    for (const file of filesUnder(dir)) assert.ok(!readFileSync(file).includes(SECRET), `${file} must not contain the secret`);
    for (const output of [run.stdout, run.stderr, kill.stdout, kill.stderr, status, empty.stderr, consistent.stdout, consistent.stderr, tampered.stdout, tampered.stderr, table.stdout, table.stderr]) assert.ok(!output.includes(SECRET), 'no output contains the secret');
    void HOUR_MS;
  });

  test('run --paper trades under RAMPART_ACCOUNT_<NAME>_CAPITAL_PROFILE, above the config entry', async () => {
    const { dir, path } = r1Config((raw) => {
      raw.data = { timeframe: '1h', store: 'candles', syntheticFallback: false };
      raw.sleeves = [{ name: 'SOL', symbol: 'SOLUSDT', weight: 0.5, strategy: 'tsmom_ema', params: { lookback: 3 }, instrument: { lotStep: 0.01, tickSize: 0.001 } }];
      raw.risk = { ...(raw.risk as object), accounts: { default: 'normal' }, profiles: { frozen: { name: 'frozen', maxLeverage: 5, deniedStrategies: ['tsmom_ema'] } } };
    });
    const store = new ArrowCandleStore(join(dir, 'candles'));
    for (const series of r1Candles(30).values()) await store.saveCandles(series);
    const args = [cli, 'run', '-c', path, '--paper', '--once', '--start', new Date(START_MS).toISOString()];
    const env = { ...process.env, RAMPART_DATABASE_URL: '', RAMPART_ACCOUNT_DEFAULT_CAPITAL_PROFILE: 'frozen' };
    const frozen = spawnSync(process.execPath, [...args, '--state-dir', join(dir, 'frozen')], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(frozen.status, 0, `run --paper --once exits 0: ${frozen.stderr}`);
    assert.match(frozen.stdout, /"event":"capital_profile".*"detail":"frozen \(RAMPART_ACCOUNT_DEFAULT_CAPITAL_PROFILE\)"/);
    assert.doesNotMatch(frozen.stdout, /"event":"fill"/, 'the environment profile denies every entry of the strategy');
    const normal = spawnSync(process.execPath, [...args, '--state-dir', join(dir, 'normal')], { cwd: dir, env: { ...env, RAMPART_ACCOUNT_DEFAULT_CAPITAL_PROFILE: '' }, encoding: 'utf8' });
    assert.equal(normal.status, 0, normal.stderr);
    assert.match(normal.stdout, /"detail":"normal \(risk\.accounts\.default\)"/, 'an empty variable leaves the config entry in force');
    assert.match(normal.stdout, /"event":"fill"/, 'under the config profile the same session fills');
  });
});
