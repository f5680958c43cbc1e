import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { LiveAccountRunner } from '../../engine/live/liveAccountRunner.ts';
import { ACCOUNT, assertStoreMatchesVenue, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

const ORDER_POST = (request: { method: string; path: string }) => request.method === 'POST' && request.path === '/fapi/v1/order';
const ALGO_POST = (request: { method: string; path: string }) => request.method === 'POST' && request.path === '/fapi/v1/algoOrder';

/** Every order the runner sent after `since` closes or protects: reduce-only, in the store and at the venue. */
async function assertEveryExitReduceOnly(h: LiveHarness, runner: LiveAccountRunner, since: number): Promise<void> {
  for (const planned of runner.planned.slice(since)) {
    assert.equal(planned.reduceOnly, true, `order ${planned.side} ${planned.type} ${planned.clientOrderId} is reduce-only`);
    assert.equal((await h.store.getIntent(planned.clientOrderId))?.reduceOnly, true, `stored intent ${planned.clientOrderId} is reduce-only`);
  }
  const ids = new Set(runner.planned.slice(since).map((planned) => planned.clientOrderId));
  for (const order of h.sim.state().orders.filter((candidate) => ids.has(candidate.clientOrderId))) {
    assert.equal(order.reduceOnly, true, `venue order ${order.clientOrderId} (${order.type}) carries reduceOnly`);
  }
}

/** A clock that only moves when the runner sleeps: the naked-position timer runs on it. */
function steppedClock(): { clock: { nowMs(): number }; sleep(ms: number): Promise<void>; slept: number[] } {
  let nowMs = Date.now();
  const slept: number[] = [];
  return {
    clock: { nowMs: () => nowMs },
    sleep: async (ms) => {
      slept.push(ms);
      nowMs += ms;
    },
    slept,
  };
}

describe('exits refused with -2022 (RELIABILITY case 12)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('with a position still open, cancels our conflicting reduce-only stop and retries once, reduce-only', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    assert.equal(h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW').length, 1, 'the entry carries a resting stop');
    const sentBefore = runner.planned.length;
    const postsBefore = h.sim.requests().filter(ORDER_POST).length;
    h.sim.inject({ kind: 'binanceError', code: -2022, msg: 'ReduceOnly Order is rejected.', path: 'POST /fapi/v1/order' });
    h.pushBar(0);
    await runner.onBarClose();
    assert.equal(h.sim.requests().filter(ORDER_POST).length - postsBefore, 2, 'the refused exit and exactly one retry');
    assert.equal(h.sim.state().positions.length, 0, 'the retry closed the position');
    assert.equal(h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW').length, 0, 'the conflicting stop was cancelled');
    await assertEveryExitReduceOnly(h, runner, sentBefore);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('when a stop closed the position meanwhile, the exit is done: no retry, the stop fill is stored', async () => {
    let armed = false;
    const runner = h.runner({
      hooks: {
        afterIntentStored: () => {
          // Between the runner reading the venue and its exit landing, the stop triggers.
          if (armed) h.sim.setPrice('BTCUSDT', 59_000);
          armed = false;
        },
      },
    });
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    const sentBefore = runner.planned.length;
    const postsBefore = h.sim.requests().filter(ORDER_POST).length;
    armed = true;
    h.pushBar(0, 60_000);
    await runner.onBarClose();
    assert.equal(h.sim.requests().filter(ORDER_POST).length - postsBefore, 1, 'only the refused exit went out: flat means done');
    assert.equal(h.sim.state().positions.length, 0, 'flat through the stop');
    assert.ok(runner.planned.slice(sentBefore).every((order) => order.type === 'MARKET'), 'nothing else was sent');
    assert.equal(runner.readiness, 'READY', 'the reconciliation after -2022 completed');
    await assertEveryExitReduceOnly(h, runner, sentBefore);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('refused twice: no third try and never a plain order; the protective stop is put back and an incident raised', async () => {
    const runner = h.runner();
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    const stopPrice = h.sim.state().orders.find((order) => order.isAlgo && order.status === 'NEW')?.stopPrice;
    const sentBefore = runner.planned.length;
    const postsBefore = h.sim.requests().filter(ORDER_POST).length;
    h.sim.inject({ kind: 'binanceError', code: -2022, msg: 'ReduceOnly Order is rejected.', path: 'POST /fapi/v1/order', count: 2 });
    h.pushBar(0);
    await runner.onBarClose();
    assert.equal(h.sim.requests().filter(ORDER_POST).length - postsBefore, 2, 'the exit and one retry, no more');
    assert.equal(h.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt, 0.008, 'the position is still open');
    const resting = h.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW');
    assert.deepEqual(resting.map((order) => [order.side, order.stopPrice, order.origQty]), [['SELL', stopPrice, 0.008]], 'the same protective stop rests again');
    assert.ok((await h.store.listIncidents()).some((incident) => incident.kind === 'EXIT_REJECTED'), 'the double refusal is an incident');
    await assertEveryExitReduceOnly(h, runner, sentBefore);
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});

describe('protective stop placement fails after the entry fills (RELIABILITY case 13)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('flattens with a reduce-only market order within maxNakedMs and stays ACTIVE', async () => {
    const time = steppedClock();
    const runner = h.runner({ clock: time.clock, sleep: time.sleep });
    await runner.start();
    h.sim.inject({ kind: 'binanceError', code: -4045, msg: 'Reach max stop order limit.', path: 'POST /fapi/v1/algoOrder' });
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    assert.deepEqual(outcome.orders.map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), ['BUY MARKET false', 'SELL STOP_MARKET true', 'SELL MARKET true'], 'entry, refused stop, reduce-only flatten');
    assert.equal(h.sim.requests().filter(ALGO_POST).length, 1, 'the stop was tried');
    assert.equal(h.sim.state().positions.length, 0, 'the naked position was flattened');
    assert.ok(runner.lastNakedMs <= 300, `naked for ${runner.lastNakedMs} ms, within maxNakedMs 300`);
    const kinds = (await h.store.listIncidents()).map((incident) => incident.kind);
    assert.ok(kinds.includes('PROTECTIVE_STOP_FAILED'), `the failed stop is an incident, were ${kinds.join(', ')}`);
    assert.ok(!kinds.includes('NAKED_POSITION'), 'no halt when the flatten worked');
    assert.notEqual((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  /** A runner whose first flatten (the third order of the entry bar) meets `refusals` -2022 answers. */
  function runnerWithRefusedFlattens(refusals: number) {
    const time = steppedClock();
    let sends = 0;
    const runner = h.runner({
      clock: time.clock,
      sleep: time.sleep,
      hooks: {
        afterIntentStored: () => {
          if (++sends === 3) h.sim.inject({ kind: 'binanceError', code: -2022, msg: 'ReduceOnly Order is rejected.', path: 'POST /fapi/v1/order', count: refusals });
        },
      },
    });
    h.sim.inject({ kind: 'binanceError', code: -4045, msg: 'Reach max stop order limit.', path: 'POST /fapi/v1/algoOrder' });
    return { runner, time };
  }

  test('a flatten refused twice still lands inside the naked-position timer (injected clock)', async () => {
    const { runner, time } = runnerWithRefusedFlattens(2);
    await runner.start();
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const flattens = outcome.orders.slice(2);
    assert.equal(flattens.length, 3, 'two refused flattens and the one that filled');
    assert.ok(flattens.every((order) => order.type === 'MARKET' && order.reduceOnly), 'every flatten is a reduce-only market order');
    assert.equal(time.slept.length, 2, 'a pause after each refusal, no tight loop');
    assert.equal(h.sim.state().positions.length, 0, 'flattened');
    assert.ok(runner.lastNakedMs > 0 && runner.lastNakedMs <= 300, `naked for ${runner.lastNakedMs} ms of injected time, within maxNakedMs 300`);
    assert.notEqual((await h.store.loadTradingState(ACCOUNT))?.state, 'HALTED', 'flat in time: no halt');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });

  test('when the flatten keeps failing past maxNakedMs the account is HALTED with a NAKED_POSITION incident', async () => {
    const { runner } = runnerWithRefusedFlattens(1_000);
    await runner.start();
    h.pushBar(1);
    const outcome = await runner.onBarClose();
    const flattens = outcome.orders.slice(2);
    assert.ok(flattens.length >= 2, `the flatten was retried, ${flattens.length} tries`);
    assert.ok(flattens.every((order) => order.type === 'MARKET' && order.reduceOnly), 'never a plain order');
    assert.ok(runner.lastNakedMs > 300, `the timer ran out: naked ${runner.lastNakedMs} ms > 300`);
    assert.equal(h.sim.state().positions.find((position) => position.symbol === 'BTCUSDT')?.positionAmt, 0.008, 'the position is still open');
    const halted = await h.store.loadTradingState(ACCOUNT);
    assert.equal(halted?.state, 'HALTED', 'naked past the timer: HALTED');
    const naked = (await h.store.listIncidents()).find((incident) => incident.kind === 'NAKED_POSITION');
    assert.equal(naked?.severity, 'CRITICAL', 'a critical NAKED_POSITION incident alerts a person');
    h.sim.clearFaults();
    h.pushBar(1);
    assert.equal((await runner.onBarClose()).skipped, 'HALTED', 'no further orders until a person resumes');
    await assertStoreMatchesVenue(h.store, h.sim, ACCOUNT);
    await runner.stop();
  });
});
