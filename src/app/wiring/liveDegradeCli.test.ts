import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';
import { startLiveCliHarness } from './liveCliHarness.ts';
import { loggedEvents, stopAll, stopChild, waitFor, withLiveSection } from './liveCliScenario.ts';

describe("degrade, don't die, through the CLI wiring (issue 12 finding 2, RELIABILITY case 27)", () => {
  test('a 418 at order time keeps the process running, the ban is stored, and a restart inside the ban sends nothing to the venue until it ends', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { commandCheckMs: 300 });
      harness.sim.inject({ kind: 'rateLimit', status: 418, retryAfterSeconds: 25, path: 'POST /fapi/v1/order' });
      harness.pushBar(1);
      const first = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1'));
      await waitFor('the ban alert', () => loggedEvents(first).includes('alert_ip_banned'), { child: first, timeoutMs: 60_000 });
      await new Promise((done) => setTimeout(done, 1_000));
      assert.equal(first.child.exitCode, null, `the process keeps running after the 418:\n${first.stderr()}`);
      const banned = (await harness.store.listIncidents()).find((incident) => incident.kind === 'IP_BANNED');
      assert.ok(banned !== undefined && typeof banned.detail.untilMs === 'number', 'the ban and its end are stored');
      const untilMs = banned.detail.untilMs as number;
      const stopped = await stopChild(first);
      assert.notEqual(stopped.code, 3, 'no crash exit');
      const restartedAtMs = Date.now();
      assert.ok(restartedAtMs < untilMs - 3_000, 'the restart happens inside the ban');
      const second = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1'));
      await waitFor('the restored ban alert', () => loggedEvents(second).includes('alert_ip_banned'), { child: second, timeoutMs: 60_000 });
      await waitFor('the ban to end and the runner to reconcile', () => loggedEvents(second).includes('reconciled'), { child: second, timeoutMs: 60_000 });
      const insideBan = harness.sim.requests().filter((request) => request.timeMs >= restartedAtMs && request.timeMs < untilMs);
      assert.deepEqual(insideBan.map((request) => `${request.method} ${request.path}`), [], 'no request reached the venue from the restart until the ban ended');
      const result = await stopChild(second);
      assert.notEqual(result.code, 3, 'no crash exit');
      await harness.reopenStore();
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await stopAll(harness);
    }
  });

  test('a websocket error under --ws is no exit: an alert, and REST polling keeps store and venue in agreement', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { commandCheckMs: 300 });
      harness.pushBar(1);
      const child = harness.spawnCli(harness.runRealArgs('--ws', '--poll-seconds', '1'));
      // Streams that reach the local venue are cut from its side; streams that cannot reach a venue fail on their own.
      const cutter = setInterval(() => harness.sim.dropWebsockets(), 500);
      try {
        await waitFor('a stream error', () => loggedEvents(child).some((event) => event === 'alert_stream_error' || event === 'alert_user_stream_failed' || event === 'alert_market_feed_stale'), { child, timeoutMs: 60_000 });
        await waitFor('the first bar through REST', () => loggedEvents(child).includes('reconciled'), { child, timeoutMs: 60_000 });
        await new Promise((done) => setTimeout(done, 2_000));
        assert.equal(child.child.exitCode, null, `the process keeps running after the stream error:\n${child.stderr()}`);
      } finally {
        clearInterval(cutter);
      }
      const result = await stopChild(child);
      assert.equal(result.code, 0, `a clean stop, not a crash:\n${result.stdout.split('\n').slice(-8).join('\n')}\n${result.stderr}`);
      await harness.reopenStore();
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await stopAll(harness);
    }
  });

  test('-2015 at start is no exit: the account stays NOT_READY with an alert, and the runner connects once the key is accepted again', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { commandCheckMs: 300 });
      harness.sim.inject({ kind: 'binanceError', code: -2015, msg: 'Invalid API-key, IP, or permissions for action.', httpStatus: 401, path: 'GET /fapi/v1/positionSide/dual', count: 2 });
      harness.pushBar(0);
      const child = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1'));
      await waitFor('the NOT_READY alert', () => loggedEvents(child).includes('alert_not_ready'), { child, timeoutMs: 60_000 });
      assert.equal(child.child.exitCode, null, 'the process keeps running');
      await waitFor('the runner to connect and reconcile after the refusals', () => loggedEvents(child).includes('reconciled'), { child, timeoutMs: 60_000 });
      const result = await stopChild(child);
      assert.equal(result.code, 0, `a clean stop, not exit 3:\n${result.stderr}`);
      await harness.reopenStore();
      assert.ok((await harness.store.listIncidents()).some((incident) => incident.kind === 'NOT_READY'), 'the refusal is an incident');
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await stopAll(harness);
    }
  });
});
