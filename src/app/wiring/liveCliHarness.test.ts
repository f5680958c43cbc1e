import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';
import { startLiveCliHarness } from './liveCliHarness.ts';

test('the real `run --real --once` process trades a long with its stop on the local venue, and store and venue agree', async () => {
  const harness = await startLiveCliHarness();
  try {
    harness.pushBar(1);
    const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    assert.equal(run.code, 0, `run --real --once exits 0, printed:\n${run.stdout}\n${run.stderr}`);
    const venue = harness.sim.state();
    const position = venue.positions.find((candidate) => candidate.symbol === 'BTCUSDT');
    assert.ok(position !== undefined && position.positionAmt > 0, 'the long reached the venue');
    assert.ok(venue.orders.some((order) => order.type === 'STOP_MARKET' && order.status === 'NEW' && order.reduceOnly), 'a reduce-only protective stop rests at the venue');
    await harness.reopenStore();
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(harness.env[`RAMPART_ACCOUNT_${ACCOUNT.toUpperCase()}_API_SECRET`]), 'the secret is never printed');
  } finally {
    await harness.close();
  }
});
