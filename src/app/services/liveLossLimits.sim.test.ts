import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

const marketBuys = (h: LiveHarness) => h.sim.state().orders.filter((order) => order.type === 'MARKET' && order.side === 'BUY' && !order.reduceOnly);

describe('daily loss limit live, across a restart (real ccxt client, SQLite store)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    // A sleeve big enough that a gap through its stop costs more than the normal profile's 2 % a day.
    h = await startLiveHarness({ weight: 0.5 });
  });
  afterEach(async () => {
    await h.close();
  });

  test('equity that fell past the daily limit while the runner was down halts the account, stored, until reset (playbook §6 scenario 2)', async () => {
    const first = h.runner({ lockTtlMs: 1 });
    await first.start();
    h.pushBar(1);
    await first.onBarClose();
    const entry = h.sim.state().positions.find((position) => position.symbol === 'BTCUSDT');
    assert.ok(entry !== undefined && entry.positionAmt > 0, 'long after the first bar');
    assert.equal((await h.store.listEquitySnapshots(ACCOUNT)).length, 1, 'the bar stored the venue equity');
    await first.stop();

    // Down time: the price gaps through the stop, which fills far below its trigger.
    h.sim.setPrice('BTCUSDT', 55_000);
    assert.equal(h.sim.state().positions.length, 0, 'the stop closed the position');
    const lossPct = ((10_000 - h.sim.state().walletBalance) / 10_000) * 100;
    assert.ok(lossPct > 2 && lossPct < 5, `the gap lost ${lossPct.toFixed(2)} %: past the daily 2 %, short of the emergency 5 %`);

    await h.reopenStore();
    const restarted = h.runner();
    await restarted.start();
    const buysBefore = marketBuys(h).length;
    h.pushBar(1, 55_000);
    const outcome = await restarted.onBarClose();
    assert.equal(outcome.orders.length, 0, 'the re-entry is not sent');
    assert.equal(outcome.skipped, 'HALTED', 'the profile’s daily limit locks the account, not only its entries of today');
    assert.equal(marketBuys(h).length, buysBefore, 'no new entry reached the venue');
    const stored = await h.store.loadTradingState(ACCOUNT);
    assert.equal(stored?.state, 'HALTED', 'a stored HALT: a restart or the next day does not lift it, only rampart reset');
    assert.match(stored?.reason ?? '', /DAILY_DRAWDOWN/);
    const incident = (await h.store.listIncidents()).find((row) => row.kind === 'EMERGENCY_STOP');
    assert.equal(incident?.detail.state, 'HALTED');
    // A further restart keeps the lock.
    await restarted.stop();
    await h.reopenStore();
    const again = h.runner();
    await again.start();
    h.pushBar(1, 55_000);
    assert.equal((await again.onBarClose()).skipped, 'HALTED', 'still HALTED after a restart');
    assert.equal(marketBuys(h).length, buysBefore);
    assert.equal(again.readiness, 'READY');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await again.stop();
  });
});
