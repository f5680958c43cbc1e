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
});
