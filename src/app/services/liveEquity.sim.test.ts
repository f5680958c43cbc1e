import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ACCOUNT, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

describe('the live runner reads the venue equity as the backtest marks it', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('an open loss counts once: equity is the wallet balance plus the unrealized PnL the venue reports', async () => {
    h = await startLiveHarness({ weight: 0.5 });
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    const position = h.sim.state().positions[0];
    assert.ok(position !== undefined && position.positionAmt > 0, 'long');
    // Still long at the next close, 300 lower (above the stop 500 below the entry): the venue's margin balance already holds the loss.
    h.pushBar(1, 59_700);
    await runner.onBarClose();
    const state = h.sim.state();
    const unrealized = state.positions[0].positionAmt * (59_700 - state.positions[0].entryPrice);
    assert.ok(unrealized < -1, `an open loss, was ${unrealized}`);
    const snapshot = (await h.store.listEquitySnapshots(ACCOUNT)).at(-1);
    assert.ok(snapshot !== undefined);
    assert.ok(Math.abs(Number(snapshot.equity) - (state.walletBalance + unrealized)) < 1e-6, `equity ${snapshot.equity} is wallet ${state.walletBalance} plus unrealized ${unrealized}, once`);
    assert.ok(Math.abs(Number(snapshot.walletBalance) - state.walletBalance) < 1e-6, `wallet balance ${snapshot.walletBalance} is the venue's ${state.walletBalance}`);
    assert.ok(Math.abs(Number(snapshot.unrealizedPnl) - unrealized) < 1e-6);
    await runner.stop();
  });
});
