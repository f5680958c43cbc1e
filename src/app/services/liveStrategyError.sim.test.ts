import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { recordOperatorCommand } from './operatorCommands.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

describe('a strategy error in live (real ccxt client, local venue)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness({ weight: 0.3 });
  });
  afterEach(async () => {
    await h.close();
  });

  test('an impossible target halts the account once, sends nothing, keeps the stop resting until the operator flattens', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1, 60_000);
    await runner.onBarClose();
    const restingStop = () => h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW');
    assert.equal(restingStop().length, 1, 'the long entry has its protective stop');
    const ordersBefore = h.sim.state().orders.length;

    h.pushBar(9, 60_000);
    const failed = await runner.onBarClose();
    assert.equal(failed.skipped, 'HALTED', 'the bar with target 5 is not traded');
    assert.equal(h.sim.state().orders.length, ordersBefore, 'no order was sent for it');
    const state = await h.store.loadTradingState(ACCOUNT);
    assert.equal(state?.state, 'HALTED');
    assert.equal(state?.actor, 'strategy');
    assert.match(state?.reason ?? '', /strategy error: sleeve btc: strategy volume-script set target 5 at the bar of .*must be a number in \[-1, 1\]/);
    assert.deepEqual((await h.store.listIncidents()).filter((incident) => incident.kind === 'STRATEGY_ERROR').map((incident) => incident.severity), ['CRITICAL']);
    assert.equal(restingStop().length, 1, 'the position keeps its stop while halted');

    h.pushBar(9, 60_000);
    await runner.onBarClose();
    assert.equal((await h.store.listTradingStateTransitions(ACCOUNT)).filter((transition) => transition.actor === 'strategy').length, 1, 'halted once, not once per failing bar');

    // The strategy cannot get past its failing bar (skipping it would leave its state unlike the backtest's):
    // later bars change nothing, the stop keeps resting, and closing the position is the operator's call.
    h.pushBar(0, 60_000);
    const later = await runner.onBarClose();
    assert.equal(later.skipped, 'HALTED');
    assert.equal(h.sim.state().orders.length, ordersBefore, 'still nothing sent');
    assert.equal(restingStop().length, 1, 'the stop still rests');
    await recordOperatorCommand(h.store, { kind: 'flatten', accounts: [ACCOUNT], reason: 'strategy broken', actor: 'operator', nowMs: Date.now() });
    await runner.onBarClose();
    assert.equal(h.sim.state().positions.filter((position) => position.positionAmt !== 0).length, 0, 'the operator\'s flatten closes it');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
