import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { ACCOUNT, assertStoreMatchesVenue, type LiveHarness } from './liveTestSupport.ts';
import { startLiveCliHarness, type CliProcess } from './liveCliHarness.ts';

/** Resolves once the venue holds the scripted long and its resting protective stop (the runner's first bar is done). */
async function untilLongWithStop(h: LiveHarness, runner: CliProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const venue = h.sim.state();
    const long = venue.positions.some((position) => position.symbol === 'BTCUSDT' && position.positionAmt > 0);
    const stop = venue.orders.some((order) => order.isAlgo && order.status === 'NEW' && order.reduceOnly);
    if (long && stop) return;
    if (runner.child.exitCode !== null || Date.now() > deadline) assert.fail(`the runner did not reach long with a stop, printed:\n${runner.stdout()}\n${runner.stderr()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

test('RELIABILITY case 18: a SIGKILLed `run --real` is restarted at once: the dead runner\'s lock is taken over and recorded, and store and venue agree', async () => {
  const h = await startLiveCliHarness();
  try {
    h.pushBar(1);
    const killed = h.spawnCli(h.runRealArgs('--poll-seconds', '1'));
    await untilLongWithStop(h, killed);
    killed.child.kill('SIGKILL');
    const death = await killed.exited;
    assert.equal(death.signal, 'SIGKILL', 'precondition: the runner died without releasing its lock');

    const restart = await h.cli(h.runRealArgs('--once', '--poll-seconds', '1'));
    assert.equal(restart.code, 0, `the restart is not refused for the dead runner's lock, printed:\n${restart.stdout}\n${restart.stderr}`);
    await h.reopenStore();
    const takeovers = (await h.store.listIncidents()).filter((incident) => incident.kind === 'LOCK_TAKEN_OVER');
    assert.equal(takeovers.length, 1, 'the takeover is recorded');
    assert.equal(takeovers[0].detail.previousOwner, `${hostname()}:${killed.child.pid}`, 'naming the dead runner');
    assert.equal(takeovers[0].detail.reason, 'its process is gone', 'taken at once because its process is gone, not after its ttl');
    assert.notEqual(takeovers[0].detail.owner, takeovers[0].detail.previousOwner);
    assert.ok(Number(takeovers[0].detail.token) > Number(takeovers[0].detail.previousToken), 'with a larger fencing token');
    assert.equal((await h.store.acquireLock(`runner:${ACCOUNT}`, 'probe', 1_000, Date.now())).acquired, true, 'the restarted runner released its lock when it ended');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  } finally {
    await h.close();
  }
});

test('RELIABILITY case 18: a second `run --real` on another state directory against the same venue account refuses to start, naming the other runner', async () => {
  const h = await startLiveCliHarness();
  const otherStateDir = mkdtempSync(join(tmpdir(), 'rampart-other-state-'));
  try {
    h.pushBar(1);
    const first = h.spawnCli(h.runRealArgs('--poll-seconds', '1'));
    await untilLongWithStop(h, first);
    const firstInstance = await h.store.instanceId();
    const ordersBefore = h.sim.state().orders.length;

    const argsOnOtherStore = h.runRealArgs('--once', '--poll-seconds', '1').map((arg) => (arg === h.stateDir ? otherStateDir : arg));
    const second = await h.cli(argsOnOtherStore);
    assert.equal(second.code, 1, `the second runner is refused (exit 1), printed:\n${second.stdout}\n${second.stderr}`);
    assert.match(second.stderr, new RegExp(`another Rampart runner \\(store instance ${firstInstance}`), 'the refusal names the other runner by its store instance');
    assert.equal(h.sim.state().orders.length, ordersBefore, 'the refused runner placed no order');
    const otherStore = await openTradeStore({ stateDir: otherStateDir });
    try {
      assert.deepEqual(await otherStore.listIntents(), [], 'nor stored one');
      assert.equal((await otherStore.listIncidents()).filter((incident) => incident.kind === 'OTHER_RUNNER').length, 1, 'its refusal is an incident of its store');
      assert.equal((await otherStore.acquireLock(`runner:${ACCOUNT}`, 'probe', 1_000, Date.now())).acquired, true, 'its refused start released its lock');
    } finally {
      await otherStore.close();
    }

    first.child.kill('SIGTERM');
    const stopped = await first.exited;
    assert.equal(stopped.code, 0, `the first runner stops cleanly, printed:\n${stopped.stdout}\n${stopped.stderr}`);
    await h.reopenStore();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
  } finally {
    await h.close();
    rmSync(otherStateDir, { recursive: true, force: true });
  }
});
