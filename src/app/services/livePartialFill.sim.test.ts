import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

describe('an entry filled in part and then cancelled (RELIABILITY case 7)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    // Weight 0.3 of 10 000 USDT at 60 000 is 0.05 BTC, whose 40 % (0.02) lies on the 0.001 lot grid.
    h = await startLiveHarness({ weight: 0.3 });
  });
  afterEach(async () => {
    await h.close();
  });

  test('holds 40 % of the order, keeps the cancelled order with its executed quantity, and sizes the stop to what is held', async () => {
    const runner = h.runner();
    await runner.start();
    h.sim.inject({ kind: 'partialFill', fraction: 0.4, thenCancel: true });
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const [entry, stop] = outcome.orders;
    assert.equal(entry?.type, 'MARKET', 'the entry went out first');
    assert.equal(entry?.quantity, '0.05', 'the entry asked for the whole target');
    const held = h.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt ?? 0;
    assert.ok(new Decimal(held).eq(new Decimal(entry.quantity).times(0.4)), `the venue position is 40 % of the order, was ${held}`);

    const stored = await h.store.getOrder(entry.clientOrderId);
    assert.equal(stored?.status, 'CANCELED', 'the entry ends CANCELED in the store');
    assert.ok(new Decimal(stored.filledQuantity).eq(held), `its executed quantity is kept: ${stored.filledQuantity}`);
    assert.ok(new Decimal((await h.store.getPosition(ACCOUNT, 'BTCUSDT'))?.quantity ?? '0').eq(held), 'the stored position is what the fills made');

    assert.equal(stop?.type, 'STOP_MARKET', 'a protective stop followed the partial entry');
    assert.equal(stop.reduceOnly, true);
    assert.ok(new Decimal(stop.quantity).eq(held), `the stop covers the ${held} held, not the ${entry.quantity} ordered: was ${stop.quantity}`);
    const resting = h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW');
    assert.equal(resting.length, 1, 'one protective stop rests at the venue');
    assert.ok(new Decimal(resting[0]?.origQty ?? 0).eq(held), 'the resting stop at the venue is sized to the position');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
