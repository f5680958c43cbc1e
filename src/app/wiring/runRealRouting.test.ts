import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { startVenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { startLiveCliHarness } from './liveCliHarness.ts';

const BACKUP_ENV = { RAMPART_ACCOUNT_BACKUP_EXCHANGE: 'binanceusdm', RAMPART_ACCOUNT_BACKUP_API_KEY: API_KEY, RAMPART_ACCOUNT_BACKUP_API_SECRET: API_SECRET };

describe('run --real with a routing table: the fallback account on its own local venue', () => {
  test('a fallback whose venue does not list the sleeve\'s symbol refuses the start with exit 2 and the key path, sending nothing', async () => {
    const harness = await startLiveCliHarness();
    const narrow = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS.filter((symbol) => symbol.symbol === 'ETHUSDT') });
    try {
      appendFileSync(harness.configPath, '\nrouting:\n  sleeves: {btc: {fallbacks: [backup]}}\n');
      harness.pushBar(1);
      const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1', '--account-base-url', `backup=${narrow.url}`), { env: BACKUP_ENV, timeoutMs: 300_000 });
      assert.equal(run.code, 2, `exit 2 for bad input, printed:\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, /routing\.sleeves\.btc\.fallbacks\[0\]: account "backup" on binanceusdm does not trade BTCUSDT/);
      assert.equal(harness.sim.state().orders.length + narrow.state().orders.length, 0, 'no order on either venue');
    } finally {
      await narrow.close();
      await harness.close();
    }
  });

  test('both venues healthy: entries stay on the primary, and `exchanges status --json` from another process shows both accounts and no failover', async () => {
    const harness = await startLiveCliHarness();
    const backup = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    try {
      // A loaded test machine answers slowly even on a local venue: latency is not what this test judges.
      appendFileSync(harness.configPath, '\nrouting:\n  sleeves: {btc: {fallbacks: [backup]}}\n  health: {degradedLatencyP95Ms: 120000}\n');
      harness.pushBar(1);
      const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1', '--account-base-url', `backup=${backup.url}`), { env: BACKUP_ENV, timeoutMs: 300_000 });
      assert.equal(run.code, 0, `run --real --once exits 0 (${run.signal}), printed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
      assert.ok((harness.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt ?? 0) > 0, 'the long went to the primary');
      assert.equal(backup.state().orders.length, 0, 'nothing on the fallback');
      const status = await harness.cli(['exchanges', 'status', '-c', harness.configPath, '--state-dir', harness.stateDir, '--json']);
      assert.equal(status.code, 0, status.stderr);
      const parsed = JSON.parse(status.stdout) as { failoverActive: boolean; accounts: Array<{ account: string; state: string }>; sleeves: Array<{ sleeve: string; activeAccount: string }> };
      assert.deepEqual(parsed.accounts.map((row) => [row.account, row.state]), [['backup', 'HEALTHY'], ['main', 'HEALTHY']], `the runner stored both accounts' health: ${status.stdout}`);
      assert.deepEqual(parsed.sleeves.map((row) => [row.sleeve, row.activeAccount]), [['btc', 'main']]);
      assert.equal(parsed.failoverActive, false);
    } finally {
      await backup.close();
      await harness.close();
    }
  });
});
