import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

describe("the emergency stop's HALT requires flat (issue 12 finding 1)", () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('a loss past the emergency limit halts the account and closes the position reduce-only at once', async () => {
    h = await startLiveHarness({ weight: 0.5 });
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    assert.ok((h.sim.state().positions[0]?.positionAmt ?? 0) > 0, 'long');
    // The stop is gone (cancelled at the venue), then the price collapses: the loss passes 5 % unprotected.
    const gateway = h.gateway();
    await gateway.connect();
    const stop = h.sim.state().orders.find((order) => order.type === 'STOP_MARKET' && order.status === 'NEW');
    assert.ok(stop !== undefined);
    await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: stop.clientOrderId, conditional: true });
    h.pushBar(1, 50_000);
    const outcome = await runner.onBarClose();
    assert.equal(outcome.skipped, 'HALTED', 'the emergency stop halts');
    assert.equal((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED');
    assert.equal(h.sim.state().positions.length, 0, 'and the venue is flat after the same bar');
    const closes = h.sim.state().orders.filter((order) => order.type === 'MARKET' && order.side === 'SELL');
    assert.ok(closes.length > 0 && closes.every((order) => order.reduceOnly), 'closed by reduce-only orders');
    const kinds = (await h.store.listIncidents()).map((incident) => incident.kind);
    assert.ok(kinds.includes('EMERGENCY_STOP') && kinds.includes('FLATTEN_COMPLETED'), `incidents: ${kinds.join(', ')}`);
    h.pushBar(1, 50_000);
    await runner.onBarClose();
    assert.equal(h.sim.state().positions.length, 0, 'HALTED: the strategy’s long is not re-opened');
    // As the kernel's gate does, the held entry meets the risk gate and its denial is stored.
    const halted = (await h.store.listRiskEvents({ account: ACCOUNT })).filter((event) => event.code === 'TRADING_HALTED');
    assert.equal(halted.length, 1, 'the long held after the halt is recorded as a TRADING_HALTED denial');
    assert.equal(halted[0].detail.sleeve, 'btc');
    // The job reconciles after every bar: the stop cancelled out of band is brought up to date.
    await runner.reconcile();
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
