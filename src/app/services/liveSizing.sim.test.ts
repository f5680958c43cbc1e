import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { StepGrid } from '../../domain/money/stepGrid.ts';
import { sizeTargetLots } from '../../engine/sleeve/sizeTargetLots.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';
import { engineSettingsFrom } from './runBacktest.ts';

describe('live sizing (real ccxt client, local venue)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness({ weight: 0.3 });
  });
  afterEach(async () => {
    await h.close();
  });

  test('sizes the entry as the backtest does: at the decision bar\'s close moved by the modelled slippage, not at the mark', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1, 60_000);
    // The mark moved after the close (within the 5 % price collar).
    h.sim.setPrice('BTCUSDT', 59_000);
    const outcome = await runner.onBarClose();
    const entry = outcome.orders.find((order) => order.type === 'MARKET');
    assert.ok(entry !== undefined, 'an entry went out');
    // 0.3 × 10 000 / (60 000 × 1.0003 = 60 018) = 0.049985 → 0.049 BTC; at the mark it would be 3 000 / 59 000 = 0.0508 → 0.050.
    assert.equal(entry.quantity, '0.049');
    const settings = engineSettingsFrom(h.loaded.config);
    const kernelLots = sizeTargetLots(
      settings.sizing,
      { target: 1, sleeveWeight: 0.3, equity: 10_000, leverage: settings.leverage, referencePrice: 60_000, slippageBps: settings.slippageBps, lotStep: 0.001, stopDistance: 500, price: Number.NaN },
      new StepGrid(0.1),
    );
    assert.equal(entry.quantity, (kernelLots / 1000).toFixed(3), 'the quantity the kernel\'s sizing function gives for the same decision');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('an entry decided at a close the mark has since left by more than the price collar is denied with the gate\'s figures; an exit goes out at the mark', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1, 60_000);
    h.sim.setPrice('BTCUSDT', 64_000);
    const denied = await runner.onBarClose();
    assert.equal(denied.orders.filter((order) => order.type === 'MARKET').length, 0, 'no entry sent');
    const [event] = await h.store.listRiskEvents({ account: ACCOUNT });
    assert.equal(event?.code, 'PRICE_OUTSIDE_COLLAR');
    assert.deepEqual(event?.detail, { sleeve: 'btc', figures: { price: 60_000, markPrice: 64_000, deviationPct: 6.25, collarPct: 5 } }, 'stored as the gate recorded it');

    h.pushBar(1, 64_000);
    const entered = await runner.onBarClose();
    assert.ok(entered.orders.some((order) => order.type === 'MARKET' && order.side === 'BUY'), 'at a fresh close the entry goes out');
    // The market runs away upward after the flat decision's close: the exit is not held back.
    h.pushBar(0, 64_000);
    h.sim.setPrice('BTCUSDT', 68_000);
    const exited = await runner.onBarClose();
    assert.ok(exited.orders.some((order) => order.type === 'MARKET' && order.side === 'SELL' && order.reduceOnly), 'the reduce-only exit is sent');
    assert.equal(h.sim.state().positions.length, 0, 'and the venue is flat');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
