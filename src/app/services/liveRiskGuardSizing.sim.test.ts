// The risk guard's REDUCE through the live runner against the local venue: the stored size
// multiplier halves the next entry's quantity at the venue.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

describe('risk-guard size multiplier in the live runner', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const entryAtVenue = (clientOrderId: string) => h.sim.state().orders.find((order) => order.clientOrderId === clientOrderId);

  test('after a stored REDUCE (× 0.5) the entry the venue receives is half the size it is without one', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    const unreduced = (await runner.onBarClose()).orders[0];
    assert.equal(unreduced?.type, 'MARKET');
    // Stored before the send with what it expected to fill near: the decision bar's close; the protective stop, its trigger.
    assert.equal((await h.store.getIntent(unreduced.clientOrderId))?.referencePrice, '60000');
    const stop = (await h.store.listIntents({ account: ACCOUNT })).find((intent) => intent.reduceOnly);
    const plannedStop = h.sim.state().orders.find((order) => order.clientOrderId === stop?.clientOrderId);
    assert.ok(stop !== undefined && plannedStop !== undefined && Number(stop.referencePrice) === Number(plannedStop.stopPrice), `the stop's reference ${stop?.referencePrice} is its trigger ${plannedStop?.stopPrice}`);
    h.pushBar(0);
    await runner.onBarClose();

    await h.store.recordRiskGuardDecision({ account: ACCOUNT, atMs: Date.now(), decision: 'REDUCE', sizeMultiplier: 0.5, detail: { reasons: ['test'] } });
    h.pushBar(1);
    const reduced = (await runner.onBarClose()).orders[0];
    assert.equal(reduced?.type, 'MARKET');
    const before = Number(entryAtVenue(unreduced.clientOrderId)?.origQty);
    const after = Number(entryAtVenue(reduced.clientOrderId)?.origQty);
    assert.ok(before > 0, `the first entry reached the venue (${before})`);
    assert.equal(after, before / 2, `the venue received ${after}, half of ${before}`);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
