import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { cliInProcess as cli } from '../../../test/support/cliInProcess.ts';

let dir = '';
let configPath = '';
const ROUTED = [
  'name: routed',
  'risk: {accounts: {main: normal, backup: normal}}',
  'sleeves:',
  '  - {name: btc, symbol: BTCUSDT, weight: 0.5, strategy: tsmom_ema, account: main}',
  'routing:',
  '  sleeves: {btc: {fallbacks: [backup]}}',
  '',
].join('\n');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-exchanges-cli-'));
  configPath = join(dir, 'routed.yaml');
  writeFileSync(configPath, ROUTED);
  // What a runner in another process stored: health of both accounts, a failover and the stop after three switches.
  const store = await openTradeStore({ stateDir: join(dir, 'state') });
  const nowMs = Date.now();
  await store.recordExchangeHealth({ atMs: nowMs - 5_000, account: 'main', venue: 'binanceusdm', state: 'DOWN', detail: { reasons: ['circuit breaker open'], errorRatio: 0.75, latencyMs: { p50: 40, p95: 900, p99: 900 }, clockOffsetMs: 12, circuit: 'OPEN' } });
  await store.recordExchangeHealth({ atMs: nowMs - 5_000, account: 'backup', venue: 'bybit', state: 'HEALTHY', detail: { reasons: [], errorRatio: 0 } });
  const event = { sleeve: 'btc', account: 'main', actor: 'runner@host:1' };
  await store.recordFailoverEvent({ ...event, atMs: nowMs - 4_000, kind: 'FAILOVER', fromAccount: 'main', toAccount: 'backup', reason: 'main is DOWN: new entries go to backup' });
  await store.recordFailoverEvent({ ...event, atMs: nowMs - 3_000, kind: 'ENTRIES_STOPPED', fromAccount: null, toAccount: null, reason: '3 switches within 60 min (limit 3)' });
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('rampart exchanges', () => {
  test('status prints each account\'s health and where each sleeve sends entries, from the store of another process', async () => {
    const run = await cli(['exchanges', 'status', '-c', configPath, '--state-dir', join(dir, 'state')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /main\s+binanceusdm\s+DOWN .*circuit breaker open/);
    assert.match(run.stdout, /backup\s+bybit\s+HEALTHY/);
    assert.match(run.stdout, /btc\s+main → backup\s+ENTRIES STOPPED/);
    assert.match(run.stdout, /failover active/);
  });

  test('status --json carries the routing and the stop', async () => {
    const run = await cli(['exchanges', 'status', '-c', configPath, '--state-dir', join(dir, 'state'), '--json']);
    const status = JSON.parse(run.stdout) as { failoverActive: boolean; sleeves: Array<{ sleeve: string; activeAccount: string; entriesStopped: boolean; switchesLastHour: number }> };
    assert.equal(status.failoverActive, true);
    assert.deepEqual(status.sleeves.map((row) => [row.sleeve, row.activeAccount, row.entriesStopped, row.switchesLastHour]), [['btc', 'backup', true, 1]]);
  });

  test('ack resumes the stopped sleeve; a second ack, an unknown sleeve or an empty reason are refused with exit 2', async () => {
    const state = ['--state-dir', join(dir, 'state')];
    const unknown = await cli(['exchanges', 'ack', '-c', configPath, ...state, '--sleeve', 'eth', '--reason', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--sleeve must name a sleeve of the config \(btc\), was "eth"/);
    assert.equal((await cli(['exchanges', 'ack', '-c', configPath, ...state, '--sleeve', 'btc', '--reason', ' '])).code, 2, 'an acknowledgement says why');
    const ack = await cli(['exchanges', 'ack', '-c', configPath, ...state, '--sleeve', 'btc', '--reason', 'venue incident understood']);
    assert.equal(ack.code, 0, ack.stderr);
    assert.match(ack.stdout, /acknowledged: sleeve btc takes new entries again/);
    const again = await cli(['exchanges', 'ack', '-c', configPath, ...state, '--sleeve', 'btc', '--reason', 'twice']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /no stopped entries to acknowledge/);
    const status = JSON.parse((await cli(['exchanges', 'status', '-c', configPath, ...state, '--json'])).stdout) as { sleeves: Array<{ entriesStopped: boolean }> };
    assert.equal(status.sleeves[0]?.entriesStopped, false);
  });

  test('a fallback whose profile denies the strategy is refused at config load: exit 2 with file and key path', async () => {
    const denied = join(dir, 'denied.yaml');
    writeFileSync(denied, ROUTED.replace('risk: {accounts: {main: normal, backup: normal}}', 'risk:\n  profiles: {strict: {name: strict, maxLeverage: 3, deniedStrategies: [tsmom_ema]}}\n  accounts: {main: normal, backup: strict}'));
    const run = await cli(['exchanges', 'status', '-c', denied, '--state-dir', join(dir, 'state')]);
    assert.equal(run.code, 2, run.stderr);
    assert.ok(run.stderr.includes(denied), 'names the file');
    assert.match(run.stderr, /routing\.sleeves\.btc\.fallbacks\[0\]: account "backup" trades under profile "strict", whose deny-list refuses strategy "tsmom_ema"/);
  });
});
