import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCcxtClientForVenueSim } from '../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { API_KEY, API_SECRET } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { ACCOUNT, startLiveHarness } from '../wiring/liveTestSupport.ts';
import { checkAccount } from './checkAccount.ts';
import { enforceLaunchChecks } from './enforceLaunchChecks.ts';
import { LiveStartRefusedError } from './liveRunner.ts';

const input = { account: ACCOUNT, venue: 'binanceusdm', testnet: false, maxClockOffsetMs: 5_000, allowUnrestrictedKey: false };

test('enforces the access checks only: a cross-margin 20x position someone else opened is left to the runner, while `check` reports it', async () => {
  const harness = await startLiveHarness();
  const client = createCcxtClientForVenueSim(harness.sim, { apiKey: API_KEY, secret: API_SECRET });
  try {
    await client.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.01);
    const checks = await enforceLaunchChecks({ ...input, gateway: harness.gateway(), config: harness.loaded.config, logger: harness.logger });
    assert.deepEqual(
      checks.map((check) => check.name),
      ['keys present', 'venue reachable', 'clock offset', 'futures trading enabled', 'withdrawals disabled', 'universal transfer disabled', 'IP restriction on'],
      'keys, reachability, clock and key permissions',
    );
    assert.ok(checks.every((check) => check.ok));
    const env = { RAMPART_ACCOUNT_MAIN_API_KEY: API_KEY, RAMPART_ACCOUNT_MAIN_API_SECRET: API_SECRET };
    const report = await checkAccount({ config: harness.loaded.config, configPath: harness.loaded.path, baseUrl: harness.sim.url, env });
    const margin = report.checks.find((check) => check.name === 'BTCUSDT margin and leverage');
    assert.equal(margin?.ok, false, `check still reports the position's settings: ${margin?.detail}`);
  } finally {
    await client.close();
    await harness.close();
  }
});

test('throws LiveStartRefusedError (LAUNCH_CHECK) naming every failed hard check and what the venue reported', async () => {
  const harness = await startLiveHarness();
  try {
    harness.sim.setApiRestrictions({ enableWithdrawals: true, ipRestrict: false });
    await assert.rejects(enforceLaunchChecks({ ...input, gateway: harness.gateway(), config: harness.loaded.config, logger: harness.logger }), (error: unknown) => {
      assert.ok(error instanceof LiveStartRefusedError && error.code === 'LAUNCH_CHECK', String(error));
      assert.match(error.message, /^main: go-live check failed, no order was sent: withdrawals disabled: ON: a trading key must not withdraw; IP restriction on: OFF/);
      return true;
    });
  } finally {
    await harness.close();
  }
});

test('allowUnrestrictedKey turns a missing IP restriction into a logged warning, never withdrawals', async () => {
  const harness = await startLiveHarness();
  try {
    harness.sim.setApiRestrictions({ ipRestrict: false });
    await enforceLaunchChecks({ ...input, testnet: true, allowUnrestrictedKey: true, gateway: harness.gateway(), config: harness.loaded.config, logger: harness.logger });
    const warning = harness.logs.find((line) => line.event === 'launch_check_warning');
    assert.equal(warning?.fields.reason, 'IP restriction on', 'the unrestricted key is logged');
    harness.sim.setApiRestrictions({ enableWithdrawals: true });
    await assert.rejects(enforceLaunchChecks({ ...input, testnet: true, allowUnrestrictedKey: true, gateway: harness.gateway(), config: harness.loaded.config, logger: harness.logger }), /withdrawals disabled: ON/);
  } finally {
    await harness.close();
  }
});
