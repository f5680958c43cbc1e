// RELIABILITY.md case 27: 429 with Retry-After, priorities while waiting, weight shedding, 418 ban.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { RateLimitedError } from '../../../domain/errors/exchangeErrors.ts';
import { clientOrderId } from '../../../domain/order/clientOrderId.ts';
import type { OrderRequest } from '../../../domain/order/venueOrder.ts';
import { openGatewayBench, settle, waitUntil, type GatewayBench } from './gatewaySimBench.ts';

let sequence = 0;
function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  sequence += 1;
  return {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: new Decimal('0.01'),
    reduceOnly: false,
    clientOrderId: clientOrderId({ account: 'case27', sleeve: 'btc', symbol: 'BTCUSDT', timeMs: 1_700_000_000_000, sequence }),
    ...overrides,
  };
}

const isRateLimited = (banned: boolean) => (error: unknown) => error instanceof RateLimitedError && error.banned === banned;

describe('case 27: rate limits against the local venue (real ccxt client, one manual clock)', () => {
  let bench: GatewayBench;
  beforeEach(async () => {
    bench = await openGatewayBench({ weightLimitPerMinute: 2400 });
  });
  afterEach(async () => {
    await bench.close();
  });

  test('after a 429 nothing reaches the venue before Retry-After, then cancels and reduce-only orders go before look-ups, entries and polling', async () => {
    const { sim, gateway, clock } = bench;
    await gateway.placeOrder(order());
    const resting = order({ type: 'LIMIT', price: new Decimal('50000') });
    await gateway.placeOrder(resting);
    // ccxt loads leverage brackets on the first position read: done here, so each call below is one request.
    await gateway.fetchPositions(['BTCUSDT']);

    sim.inject({ kind: 'rateLimit', status: 429, retryAfterSeconds: 5 });
    await assert.rejects(gateway.fetchBalances(), (error: unknown) => isRateLimited(false)(error) && (error as RateLimitedError).retryAfterMs === 5_000, 'the 429 reaches the caller with its Retry-After');
    const limitedAtMs = clock.now();
    const logged = sim.requests().length;

    // Asked in the worst order: polling first, the essential requests last.
    const reduceOnly = order({ side: 'SELL', reduceOnly: true });
    const entry = order({ type: 'LIMIT', price: new Decimal('50000') });
    const work = [
      gateway.fetchPositions(['BTCUSDT']),
      gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: resting.clientOrderId }),
      gateway.placeOrder(entry),
      gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: resting.clientOrderId }),
      gateway.placeOrder(reduceOnly),
    ] as const;
    await waitUntil(() => clock.pendingSleeps === work.length, 'every request waits out the rate limit');
    clock.advance(4_999);
    await settle();
    assert.equal(sim.requests().length, logged, 'nothing reached the venue 1 ms before Retry-After ended');

    while (clock.pendingSleeps > 0) {
      const before = sim.requests().length;
      const woken = clock.wakeNext();
      await waitUntil(() => sim.requests().length >= before + woken, `the ${woken} request(s) released at ${clock.now() - limitedAtMs} ms reach the venue`);
    }
    const [positions, found, placed, cancelled, reduced] = await Promise.all(work);

    const after = sim.requests().slice(logged);
    assert.equal(after.length, work.length, `one request each, no retries: ${after.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    for (const request of after) assert.ok(request.timeMs >= limitedAtMs + 5_000, `${request.method} ${request.path} went ${request.timeMs - limitedAtMs} ms after the 429, before Retry-After (5000 ms)`);
    const firstTwo = after.slice(0, 2).map((r) => `${r.method} ${r.path}`).sort();
    assert.deepEqual(firstTwo, ['DELETE /fapi/v1/order', 'POST /fapi/v1/order'], 'the cancel and the reduce-only order go first');
    assert.match(after.at(-1)?.path ?? '', /positionRisk/, 'polling goes last');
    const venueOrders = sim.state().orders;
    const reducedOnVenue = venueOrders.find((o) => o.clientOrderId === reduceOnly.clientOrderId);
    const entryOnVenue = venueOrders.find((o) => o.clientOrderId === entry.clientOrderId);
    assert.ok(reducedOnVenue !== undefined && entryOnVenue !== undefined, 'both orders reached the venue once the wait was over');
    assert.ok(reducedOnVenue.timeMs < entryOnVenue.timeMs, 'the reduce-only order was sent before the new entry');

    assert.equal(cancelled?.status, 'CANCELED');
    assert.equal(reduced.status, 'PLACED');
    assert.equal(placed.status, 'PLACED');
    assert.equal(found?.clientOrderId, resting.clientOrderId);
    assert.equal(positions.length, 0, 'the reduce-only sell closed the 0.01 long');
  });

  test('hammering during the Retry-After window sends nothing, so the venue never has cause for a 418', async () => {
    const { sim, gateway, clock } = bench;
    sim.inject({ kind: 'rateLimit', status: 429, retryAfterSeconds: 10 });
    await assert.rejects(gateway.fetchBalances(), isRateLimited(false));
    const limitedAtMs = clock.now();
    const limitedIndex = sim.requests().length - 1;
    const hammer = Array.from({ length: 30 }, (_, index) =>
      index % 3 === 0 ? gateway.fetchBalances() : index % 3 === 1 ? gateway.fetchCandles('BTCUSDT', '1m', undefined, 5) : gateway.fetchOrderByClientId({ symbol: 'BTCUSDT', clientOrderId: `rp-missing-${index}` }),
    );
    await waitUntil(() => clock.pendingSleeps === hammer.length, 'all 30 requests wait');
    for (let second = 1; second < 10; second++) {
      clock.advance(1_000);
      await settle(3);
    }
    clock.advance(999);
    await settle();
    assert.equal(sim.requests()[limitedIndex]?.status, 429);
    const inWindow = sim.requests().slice(limitedIndex).filter((request) => request.timeMs < limitedAtMs + 10_000);
    assert.equal(inWindow.length, 1, `only the 429 itself falls in the Retry-After window, was ${inWindow.map((r) => `${r.status} ${r.path}`).join(', ')}`);

    clock.startAutoAdvance();
    const results = await Promise.allSettled(hammer);
    assert.ok(results.every((result) => result.status === 'fulfilled'), 'every hammered request succeeds after the wait');
    const statuses = sim.requests().map((request) => request.status);
    assert.ok(!statuses.includes(418), 'no 418');
    const afterWindow = sim.requests().slice(limitedIndex + 1);
    assert.equal(afterWindow.length, hammer.length, 'each hammered request went out exactly once');
    assert.ok(afterWindow.every((request) => request.timeMs >= limitedAtMs + 10_000), 'all of them after the window');
  });

  test('weight above 80% of the budget sheds polling locally while orders and cancels still go', async () => {
    const { sim, gateway, clock } = bench;
    sim.setReportedWeight(2000); // 83% of 2400
    await gateway.syncClock(); // any answer carries X-MBX-USED-WEIGHT-1M
    assert.equal(gateway.requestStatus().sheddingPolls, true, 'the gate read the weight header');
    const before = sim.requests().length;
    await assert.rejects(gateway.fetchBalances(), isRateLimited(false), 'balances are shed');
    await assert.rejects(gateway.fetchPositions(['BTCUSDT']), isRateLimited(false), 'positions are shed');
    await assert.rejects(gateway.fetchCandles('BTCUSDT', '1m'), isRateLimited(false), 'candles are shed');
    await assert.rejects(gateway.fetchOpenOrders('BTCUSDT'), isRateLimited(false), 'open orders are shed');
    assert.equal(sim.requests().length, before, 'shed polling made zero HTTP calls');

    const resting = order({ type: 'LIMIT', price: new Decimal('50000') });
    assert.equal((await gateway.placeOrder(resting)).status, 'PLACED', 'an entry still goes');
    assert.equal((await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: resting.clientOrderId }))?.status, 'CANCELED', 'a cancel still goes');
    assert.equal(sim.requests().length, before + 2, 'exactly the order and the cancel reached the venue');

    // The venue resets the count each minute; so does the shedding.
    sim.setReportedWeight(undefined);
    clock.advance(60_000 - (clock.now() % 60_000));
    const usdt = (await gateway.fetchBalances()).find((balance) => balance.asset === 'USDT');
    assert.ok(usdt !== undefined, 'polling resumes in the next minute');
    assert.equal(gateway.requestStatus().sheddingPolls, false);
  });

  test('a 418 stops every request locally until the ban lifts and raises one IP_BANNED incident', async () => {
    const { sim, gateway, clock, incidents } = bench;
    const resting = order({ type: 'LIMIT', price: new Decimal('50000') });
    await gateway.placeOrder(resting);
    sim.inject({ kind: 'rateLimit', status: 418, retryAfterSeconds: 120 });
    await assert.rejects(gateway.fetchBalances(), (error: unknown) => isRateLimited(true)(error) && (error as RateLimitedError).retryAfterMs === 120_000);
    const before = sim.requests().length;
    const refusedDuringBan = async (when: string): Promise<void> => {
      await assert.rejects(gateway.fetchBalances(), isRateLimited(true), `${when}: reads are stopped`);
      await assert.rejects(gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: resting.clientOrderId }), isRateLimited(true), `${when}: even cancels are stopped`);
      await assert.rejects(gateway.placeOrder(order({ side: 'SELL', reduceOnly: true })), isRateLimited(true), `${when}: even reduce-only orders are stopped`);
      await assert.rejects(gateway.syncClock(), isRateLimited(true), `${when}: clock sync is stopped`);
    };
    await refusedDuringBan('right after the ban');
    clock.advance(119_000);
    await refusedDuringBan('1 s before the ban lifts');
    assert.equal(sim.requests().length, before, 'zero HTTP calls during the ban');
    assert.equal(gateway.requestStatus().banned, true);
    const bans = incidents.filter((incident) => incident.kind === 'IP_BANNED');
    assert.equal(bans.length, 1, 'one incident for one ban');
    assert.equal(bans[0]?.severity, 'CRITICAL');

    clock.advance(1_000);
    assert.equal(gateway.requestStatus().banned, false, 'the ban has lifted');
    const cancelled = await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: resting.clientOrderId });
    assert.equal(cancelled?.status, 'CANCELED', 'requests flow again');
    assert.equal(sim.requests().length, before + 1);
  });
});
