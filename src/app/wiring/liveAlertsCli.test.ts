import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startLiveCliHarness, type CliResult } from './liveCliHarness.ts';
import { stopAll, withLiveSection } from './liveCliScenario.ts';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';

/** The JSON log lines the child printed for one event. */
function logLines(result: CliResult, event: string): Array<Record<string, unknown>> {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === event);
}

describe('alerts and incidents through the CLI wiring (issue 12 finding 8)', () => {
  test('a -2019 on the entry is one POST, REJECTED, an ORDER_REJECTED_MARGIN incident and an alert line; the process exits 0 and store and venue agree', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { lookupAttempts: 2, lookupWindowMs: 200 });
      harness.sim.inject({ kind: 'binanceError', code: -2019, msg: 'Margin is insufficient.', path: 'POST /fapi/v1/order' });
      harness.pushBar(1);
      const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
      assert.equal(run.code, 0, `a margin rejection is no crash:\n${run.stderr}`);
      const posts = harness.sim.requests().filter((request) => request.method === 'POST' && request.path === '/fapi/v1/order');
      assert.equal(posts.length, 1, 'no retry loop after -2019');
      assert.equal(harness.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt ?? 0, 0, 'the position is unchanged');
      const alerts = logLines(run, 'alert_margin_insufficient');
      assert.equal(alerts.length, 1, `one alert line for the rejection:\n${run.stdout}`);
      await harness.reopenStore();
      const incidents = (await harness.store.listIncidents()).filter((incident) => incident.kind === 'ORDER_REJECTED_MARGIN');
      assert.equal(incidents.length, 1, 'the rejection opens an incident');
      assert.equal(incidents[0].severity, 'CRITICAL');
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await stopAll(harness);
    }
  });

  test('an IP ban at order time is written to the log with its severity and end, not redacted', async () => {
    const harness = await startLiveCliHarness();
    try {
      harness.sim.inject({ kind: 'rateLimit', status: 418, retryAfterSeconds: 2, path: 'POST /fapi/v1/order' });
      harness.pushBar(1);
      const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
      assert.equal(run.code, 0, `a ban is no crash:\n${run.stderr}`);
      const banned = logLines(run, 'alert_ip_banned');
      assert.ok(banned.length >= 1, `the ban is alerted:\n${run.stdout}`);
      assert.equal(banned[0].severity, 'CRITICAL', 'the severity field is written as it is');
      assert.doesNotMatch(JSON.stringify(banned[0]), /REDACTED/, 'no field of the ban alert is redacted');
      assert.doesNotMatch(run.stdout + run.stderr, new RegExp(harness.env[`RAMPART_ACCOUNT_${ACCOUNT.toUpperCase()}_API_SECRET`]), 'the secret is never printed');
      await harness.reopenStore();
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await stopAll(harness);
    }
  });
});
