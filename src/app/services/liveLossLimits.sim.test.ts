import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';
import { statusReport } from './statusReport.ts';

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

  test('equity that fell past the daily limit while the runner was down denies the next entry with DAILY_DRAWDOWN_EXCEEDED', async () => {
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
    assert.equal(marketBuys(h).length, buysBefore, 'no new entry reached the venue');
    const denials = await h.store.listRiskEvents({ account: ACCOUNT });
    assert.ok(denials.some((event) => event.code === 'DAILY_DRAWDOWN_EXCEEDED'), `denied for the daily drawdown, events were ${denials.map((event) => event.code).join(', ')}`);
    // Stored as the risk gate recorded it, so `rampart status` shows it as a backtest report would.
    const [status] = await statusReport(h.loaded, h.store, Date.now());
    assert.equal(status.riskDenials.denialsByCode.DAILY_DRAWDOWN_EXCEEDED, 1, 'status counts the stored denial under its code');
    const shown = status.riskDenials.denials.at(-1);
    assert.equal(shown?.sleeve, 'btc');
    assert.equal(shown?.limitPct, 2, 'with the figures the gate denied it for');
    assert.ok(typeof shown?.drawdownPct === 'number' && shown.drawdownPct > 2);
    assert.equal(restarted.readiness, 'READY');
    assert.equal((await h.store.listEquitySnapshots(ACCOUNT)).length, 2, 'one equity snapshot per bar, across runners');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await restarted.stop();
  });
});
