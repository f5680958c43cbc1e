// Staged risk (sizing.stages) through the live runner against the local venue: the entry is sized
// from the sleeve's stored risk step, read at each bar.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

describe('staged risk in the live runner', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    // Weight 1 at 1x on 10,000 USDT caps an entry at 10,000 / 60,000 = 0.1667 BTC, above both steps' sizes.
    h = await startLiveHarness({ weight: 1, sizing: '{mode: risk, stages: {steps: [0.001, 0.0025]}}' });
  });
  afterEach(async () => {
    await h.close();
  });

  const entryQty = (clientOrderId: string) => Number(h.sim.state().orders.find((order) => order.clientOrderId === clientOrderId)?.origQty);

  test('no stored step sizes from the first (0.1 %); after `sizing advance` stores step 1 the next entry risks 0.25 %', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    const first = (await runner.onBarClose()).orders[0];
    assert.equal(first?.type, 'MARKET');
    // 0.1 % of 10,000 USDT over the strategy's 500 USDT stop distance: 10 / 500 = 0.02 BTC.
    assert.equal(entryQty(first.clientOrderId), 0.02);
    h.pushBar(0);
    await runner.onBarClose();

    await h.store.recordRiskStage({ account: ACCOUNT, sleeve: 'btc', atMs: Date.now(), stepIndex: 1, riskPerTrade: 0.0025, how: 'advance', reason: 'test', actor: 'test', detail: {} });
    h.pushBar(1);
    const second = (await runner.onBarClose()).orders[0];
    assert.equal(second?.type, 'MARKET');
    // 0.25 % of the equity left after one round trip (a little under 10,000) over 500: 0.049 to 0.05 BTC in 0.001 lots.
    const quantity = entryQty(second.clientOrderId);
    assert.ok(quantity >= 0.049 && quantity <= 0.05, `the venue received ${quantity} BTC, 2.5 × the first step's size`);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('a stored step the ladder does not have sends no entry (fail closed) and says why', async () => {
    const runner = h.runner();
    await runner.start();
    await h.store.recordRiskStage({ account: ACCOUNT, sleeve: 'btc', atMs: Date.now(), stepIndex: 5, riskPerTrade: 0.02, how: 'override', reason: 'test', actor: 'test', detail: {} });
    const ordersBefore = h.sim.state().orders.length;
    h.pushBar(1);
    const outcome = await runner.onBarClose().then((bar) => bar, (error: unknown) => error);
    assert.equal(h.sim.state().orders.length, ordersBefore, 'nothing reached the venue');
    const said = outcome instanceof Error ? outcome.message : JSON.stringify([outcome, h.logs]);
    assert.match(said, /risk step 5, which sizing\.stages\.steps \(2 steps\) does not have/);
    await runner.stop().catch(() => undefined);
  });
});
