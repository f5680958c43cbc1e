import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';
import { startLiveCliHarness, type LiveCliHarness } from './liveCliHarness.ts';
import { loggedEvents, stopAll, stopChild, waitFor, withLiveSection } from './liveCliScenario.ts';

const openStop = (harness: LiveCliHarness): boolean => harness.sim.state().orders.some((order) => order.type === 'STOP_MARKET' && order.status === 'NEW' && order.reduceOnly);
const longPosition = (harness: LiveCliHarness): number => harness.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt ?? 0;

/** A long with its stop, opened by `run --real --once`. */
async function openLong(harness: LiveCliHarness): Promise<void> {
  harness.pushBar(1);
  const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
  assert.equal(run.code, 0, `the long is opened:\n${run.stdout}\n${run.stderr}`);
  assert.ok(longPosition(harness) > 0 && openStop(harness), 'a long with its protective stop rests at the venue');
}

describe('halts through the CLI wiring (issue 12 finding 1, RELIABILITY cases 13 and 34)', () => {
  test('kill --flatten on a running `run --real` closes the position reduce-only before the next bar and leaves the account HALTED', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { commandCheckMs: 300 });
      await openLong(harness);
      const child = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1'));
      await waitFor('the runner to finish its first bar', () => loggedEvents(child).includes('reconciled'), { child });
      const kill = await harness.cli(['kill', '--flatten', '--reason', 'drill', '-c', harness.configPath, '--state-dir', harness.stateDir]);
      assert.equal(kill.code, 0, `kill --flatten is recorded:\n${kill.stdout}\n${kill.stderr}`);
      await waitFor('the venue to report flat', () => longPosition(harness) === 0, { child, timeoutMs: 60_000 });
      await waitFor('the stop of the closed position to be cancelled', () => !openStop(harness), { child, timeoutMs: 30_000 });
      const closes = harness.sim.state().orders.filter((order) => order.type === 'MARKET' && order.side === 'SELL');
      assert.ok(closes.length >= 1 && closes.every((order) => order.reduceOnly), 'the position was closed by reduce-only orders only');
      const result = await stopChild(child);
      assert.equal(result.code, 0, `the runner stops cleanly on SIGTERM:\n${result.stderr}`);
      await harness.reopenStore();
      assert.equal((await harness.store.loadTradingState(ACCOUNT))?.state, 'HALTED', 'the kill leaves the account HALTED');
      const incidents = await harness.store.listIncidents();
      assert.ok(incidents.some((incident) => incident.kind === 'FLATTEN_COMPLETED'), 'the flatten request is marked completed once the venue reported flat');
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
      assert.equal(harness.sim.state().positions.length, 0, 'the venue is flat');
    } finally {
      await stopAll(harness);
    }
  });

  test('flatten --account --symbol acts in live: the running runner closes that symbol reduce-only', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { commandCheckMs: 300 });
      await openLong(harness);
      const child = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1'));
      await waitFor('the runner to finish its first bar', () => loggedEvents(child).includes('reconciled'), { child });
      const flatten = await harness.cli(['flatten', '--account', ACCOUNT, '--symbol', 'BTCUSDT', '-c', harness.configPath, '--state-dir', harness.stateDir]);
      assert.equal(flatten.code, 0, `flatten is recorded:\n${flatten.stdout}\n${flatten.stderr}`);
      await waitFor('the venue to report flat', () => longPosition(harness) === 0, { child, timeoutMs: 60_000 });
      await waitFor('the runner to report the flatten done', () => loggedEvents(child).includes('flattened'), { child, timeoutMs: 30_000 });
      await stopChild(child);
      await harness.reopenStore();
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await stopAll(harness);
    }
  });

  test('after a naked-position HALT (stop and flatten both refused), the next check once the faults clear re-places the stop', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { commandCheckMs: 300, maxNakedMs: 800 });
      await openLong(harness);
      const kill = await harness.cli(['kill', '--reason', 'drill', '-c', harness.configPath, '--state-dir', harness.stateDir]);
      assert.equal(kill.code, 0, `kill is recorded:\n${kill.stderr}`);
      // The stop disappears from the venue (an operator's click, a venue purge) while HALTED.
      const gateway = harness.gateway();
      await gateway.connect();
      const stop = harness.sim.state().orders.find((order) => order.type === 'STOP_MARKET' && order.status === 'NEW');
      assert.ok(stop !== undefined);
      await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: stop.clientOrderId, conditional: true });
      assert.ok(!openStop(harness), 'the position is naked now');
      harness.sim.inject({ kind: 'binanceError', code: -2010, msg: 'Order would immediately trigger.', path: 'POST /fapi/v1/algoOrder', count: 100_000 });
      harness.sim.inject({ kind: 'binanceError', code: -2010, msg: 'Refused.', path: 'POST /fapi/v1/order', count: 100_000 });
      const child = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1'));
      await waitFor('the naked-position HALT', () => loggedEvents(child).includes('alert_trading_halted'), { child, timeoutMs: 60_000 });
      assert.ok(longPosition(harness) > 0 && !openStop(harness), 'both refused: the position is still open and naked');
      harness.sim.clearFaults();
      await waitFor('the stop to be re-placed', () => openStop(harness), { child, timeoutMs: 60_000 });
      assert.ok(longPosition(harness) > 0, 'a HALT without flatten keeps the position, now protected');
      const result = await stopChild(child);
      assert.notEqual(result.code, 3, 'no crash');
      await harness.reopenStore();
      assert.equal((await harness.store.loadTradingState(ACCOUNT))?.state, 'HALTED', 'still HALTED');
      assert.ok((await harness.store.listIncidents()).some((incident) => incident.kind === 'NAKED_POSITION'), 'the naked position was an incident');
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await stopAll(harness);
    }
  });
});
