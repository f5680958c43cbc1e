import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LockLostError } from '../../domain/errors/lockLostError.ts';
import type { FillRecord, LockResult, OrderIntentRecord, OrderUpdate, TradeStore } from '../../ports/tradeStore.ts';

/** One isolated, empty store location (a temp file, a fresh schema) that can be opened repeatedly. */
export interface TradeStoreFixture {
  /** Opens a new connection to this fixture's store, applying migrations. */
  open(): Promise<TradeStore>;
  /** Deletes everything the fixture created; called after every store it opened is closed. */
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;

function intent(overrides: Partial<OrderIntentRecord> = {}): OrderIntentRecord {
  return {
    clientOrderId: 'rp-main-trend-BTCUSDT-1',
    account: 'main',
    sleeve: 'trend',
    symbol: 'BTCUSDT',
    strategy: 'donchian',
    side: 'BUY',
    quantity: '0.010',
    price: null,
    reduceOnly: false,
    createdAtMs: T0,
    state: 'NEW',
    stateChangedAtMs: T0,
    ...overrides,
  };
}

function fill(overrides: Partial<FillRecord> = {}): FillRecord {
  return {
    account: 'main',
    symbol: 'BTCUSDT',
    tradeId: '9001',
    clientOrderId: 'rp-main-trend-BTCUSDT-1',
    venueOrderId: '555',
    side: 'BUY',
    quantity: '0.010',
    price: '50000.5',
    fee: '0.2',
    atMs: T0 + 1000,
    ...overrides,
  };
}

/** The token of a hold the test expects to have been granted. */
function tokenOf(result: LockResult): number {
  assert.ok(result.acquired, `the lock was expected to be granted, was refused: ${JSON.stringify(result)}`);
  return result.token;
}

/** Everything a runner can write, as counts: a refused write must leave all of them unchanged. */
async function contents(store: TradeStore): Promise<Record<string, unknown>> {
  return {
    intents: await store.listIntents(),
    orders: await store.orderHistory(intent().clientOrderId),
    fills: await store.listFills(),
    positions: await store.listPositions(),
    equity: await store.listEquitySnapshots('main'),
    riskEvents: await store.listRiskEvents(),
    states: await store.listTradingStateTransitions('main'),
    signals: await store.listSignals(),
    incidents: await store.listIncidents(),
  };
}

function orderUpdate(overrides: Partial<OrderUpdate>): OrderUpdate {
  return {
    clientOrderId: 'rp-main-trend-BTCUSDT-1',
    account: 'main',
    symbol: 'BTCUSDT',
    venueOrderId: null,
    status: 'PENDING_SEND',
    filledQuantity: '0',
    averagePrice: null,
    atMs: T0,
    reason: null,
    ...overrides,
  };
}

/**
 * The behaviour every TradeStore adapter must show. Each test gets its own fixture (fresh file or
 * schema), so tests neither see each other's rows nor depend on order.
 */
export function runTradeStoreContract(
  name: string,
  makeFixture: () => Promise<TradeStoreFixture>,
  options: { skip?: string | false } = {},
): void {
  async function withFixture(work: (open: () => Promise<TradeStore>) => Promise<void>): Promise<void> {
    const fixture = await makeFixture();
    const opened: TradeStore[] = [];
    try {
      await work(async () => {
        const store = await fixture.open();
        opened.push(store);
        return store;
      });
    } finally {
      for (const store of opened) await store.close();
      await fixture.cleanup();
    }
  }

  describe(`TradeStore contract: ${name}`, { skip: options.skip ?? false }, () => {
    test('applies its migrations once: reopening and migrating again changes nothing and keeps the data', async () => {
      await withFixture(async (open) => {
        const first = await open();
        const version = await first.schemaVersion();
        assert.ok(version >= 1, `opening applies the numbered migrations, schema version was ${version}`);
        assert.deepEqual(await first.migrate(), { applied: [] }, 'a migrated store has nothing left to apply');
        await first.recordIntent(intent());
        await first.close();

        const second = await open();
        assert.equal(await second.schemaVersion(), version, 'reopening applies nothing new');
        assert.deepEqual(await second.migrate(), { applied: [] }, 'migrating again is a no-op');
        assert.ok(await second.getIntent(intent().clientOrderId), 'rows written before reopening are still there');
      });
    });

    test('stores an intent once per client order id and tracks its state', async () => {
      await withFixture(async (open) => {
        const store = await open();
        assert.deepEqual(await store.recordIntent(intent()), { created: true }, 'first write creates the intent');
        assert.deepEqual(
          await store.recordIntent(intent({ quantity: '5', createdAtMs: T0 + 5 })),
          { created: false },
          'the same deterministic id is a duplicate, not a second order',
        );
        assert.deepEqual(await store.getIntent(intent().clientOrderId), intent(), 'the duplicate did not overwrite the original');

        assert.equal(await store.setIntentState(intent().clientOrderId, 'SENT', T0 + 10), true);
        assert.equal(await store.setIntentState('no-such-id', 'SENT', T0 + 10), false, 'an unknown intent is reported, not created');
        const sent = await store.getIntent(intent().clientOrderId);
        assert.equal(sent?.state, 'SENT');
        assert.equal(sent?.stateChangedAtMs, T0 + 10);

        await store.recordIntent(intent({ clientOrderId: 'other', account: 'second', reduceOnly: true, price: '49000' }));
        assert.deepEqual((await store.listIntents({ state: 'NEW' })).map((i) => i.clientOrderId), ['other']);
        assert.deepEqual((await store.listIntents({ account: 'main' })).map((i) => i.clientOrderId), [intent().clientOrderId]);
        const other = await store.getIntent('other');
        assert.equal(other?.reduceOnly, true, 'reduceOnly round-trips as a boolean');
        assert.equal(other?.price, '49000');
      });
    });

    test('stores an intent with its PENDING_SEND order and the equity snapshot riding along, all or nothing', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const equitySnapshot = { account: 'main', atMs: T0, equity: '10000.5', walletBalance: '10000', unrealizedPnl: '0.5' };
        assert.deepEqual(await store.recordIntentBeforeSend({ intent: intent(), order: orderUpdate({}), equitySnapshot }), { created: true });
        assert.deepEqual(await store.getIntent(intent().clientOrderId), intent(), 'the intent is stored as given');
        assert.equal((await store.getOrder(intent().clientOrderId))?.status, 'PENDING_SEND', 'its order row exists before the send');
        assert.deepEqual(await store.listEquitySnapshots('main'), [equitySnapshot], 'the snapshot rode along');

        const again = await store.recordIntentBeforeSend({ intent: intent({ quantity: '5' }), order: orderUpdate({ atMs: T0 + 1 }) });
        assert.deepEqual(again, { created: false }, 'the same deterministic id is a duplicate, not a second order');
        assert.equal((await store.getIntent(intent().clientOrderId))?.quantity, '0.010', 'the duplicate did not overwrite the intent');
        assert.equal((await store.listEquitySnapshots('main')).length, 1, 'no snapshot given, none stored');

        const other = intent({ clientOrderId: 'other' });
        await assert.rejects(store.recordIntentBeforeSend({ intent: other, order: orderUpdate({ clientOrderId: 'another' }) }), /clientOrderId/, 'an order row of another id is refused');
        await assert.rejects(store.recordIntentBeforeSend({ intent: other, order: orderUpdate({ clientOrderId: 'other' }), equitySnapshot: { ...equitySnapshot, equity: 'NaN' } }), 'an invalid snapshot is refused');
        assert.equal(await store.getIntent('other'), undefined, 'a refused write stores no intent');
        assert.equal(await store.getOrder('other'), undefined, 'nor its order row');
        assert.equal((await store.listEquitySnapshots('main')).length, 1, 'nor a snapshot');
      });
    });

    test('checkpoints without changing what is stored', async () => {
      await withFixture(async (open) => {
        const store = await open();
        await store.recordIntentBeforeSend({ intent: intent(), order: orderUpdate({}) });
        await store.checkpoint();
        await store.recordOrderUpdate(orderUpdate({ status: 'NEW', venueOrderId: '555', atMs: T0 + 1 }));
        await store.checkpoint();
        const reopened = await open();
        assert.deepEqual(await reopened.getIntent(intent().clientOrderId), intent());
        assert.deepEqual((await reopened.orderHistory(intent().clientOrderId)).map((entry) => entry.status), ['PENDING_SEND', 'NEW'], 'writes before and after a checkpoint are all there');
      });
    });

    test('appends order states in the order they were recorded and keeps the latest as the order', async () => {
      await withFixture(async (open) => {
        const store = await open();
        await store.recordIntent(intent());
        await store.recordOrderUpdate(orderUpdate({ status: 'PENDING_SEND' }));
        await store.recordOrderUpdate(orderUpdate({ status: 'UNKNOWN', atMs: T0 + 1, reason: 'HTTP 503' }));
        await store.recordOrderUpdate(orderUpdate({ status: 'NEW', venueOrderId: '555', atMs: T0 + 2 }));
        const partial = await store.recordOrderUpdate(
          orderUpdate({ status: 'PARTIALLY_FILLED', venueOrderId: null, filledQuantity: '0.004', averagePrice: '50000.5', atMs: T0 + 3 }),
        );
        assert.equal(partial.venueOrderId, '555', 'a known venue order id is not erased by an update without one');
        assert.deepEqual(
          (await store.listOpenOrders('main')).map((o) => o.status),
          ['PARTIALLY_FILLED'],
          'a partially filled order is still open',
        );

        await store.recordOrderUpdate(
          orderUpdate({ status: 'FILLED', venueOrderId: '555', filledQuantity: '0.010', averagePrice: '50000.5', atMs: T0 + 4 }),
        );
        const history = await store.orderHistory(intent().clientOrderId);
        assert.deepEqual(
          history.map((entry) => entry.status),
          ['PENDING_SEND', 'UNKNOWN', 'NEW', 'PARTIALLY_FILLED', 'FILLED'],
          'history is append-only and in recording order',
        );
        assert.ok(
          history.every((entry, i) => i === 0 || entry.sequence > history[i - 1].sequence),
          'sequence numbers increase along the history',
        );
        assert.equal(history[1].reason, 'HTTP 503', 'the reason of a state is kept');
        assert.deepEqual(await store.getOrder(intent().clientOrderId), {
          clientOrderId: intent().clientOrderId,
          account: 'main',
          symbol: 'BTCUSDT',
          venueOrderId: '555',
          status: 'FILLED',
          filledQuantity: '0.010',
          averagePrice: '50000.5',
          updatedAtMs: T0 + 4,
        });
        assert.deepEqual(await store.listOpenOrders(), [], 'a filled order is no longer open');
      });
    });

    test('applies a fill exactly once, even when the same trade id arrives twice at the same moment', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const results = await Promise.all([store.applyFill(fill()), store.applyFill(fill())]);
        assert.deepEqual(
          results.map((r) => r.applied).sort(),
          [false, true],
          'of two concurrent deliveries of one trade, exactly one is applied',
        );
        assert.equal((await store.applyFill(fill())).applied, false, 'a later redelivery (REST backfill) is ignored');
        assert.equal((await store.listFills({ account: 'main' })).length, 1, 'one fill row');
        const position = await store.getPosition('main', 'BTCUSDT');
        assert.equal(position?.quantity, '0.01', 'the position counts the fill once');
        assert.equal(position?.realizedPnl, '-0.2', 'the fee is charged once');
        assert.equal(
          (await store.applyFill(fill({ account: 'second' }))).applied,
          true,
          'the same venue trade id on another account is another fill',
        );
      });
    });

    test('updates the position together with each fill, with no lost update under concurrent fills', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const first = await store.applyFill(fill({ tradeId: '1', side: 'BUY', quantity: '1', price: '100', fee: '0' }));
        assert.deepEqual(first.position, await store.getPosition('main', 'BTCUSDT'), 'the returned position is the stored one');

        const buys = Array.from({ length: 8 }, (_, i) => fill({ tradeId: `b${i}`, side: 'BUY', quantity: '0.5', price: '100', fee: '0' }));
        await Promise.all(buys.map((f) => store.applyFill(f)));
        assert.equal((await store.getPosition('main', 'BTCUSDT'))?.quantity, '5', '1 + 8 * 0.5: every concurrent fill counted');

        const flip = await store.applyFill(fill({ tradeId: 'flip', side: 'SELL', quantity: '7', price: '120', fee: '1' }));
        assert.equal(flip.position.quantity, '-2', 'selling 7 against 5 long leaves 2 short');
        assert.equal(flip.position.entryPrice, '120', 'the short opened at the fill price');
        assert.equal(flip.position.realizedPnl, '99', '5 * (120 - 100) - fee 1');
        assert.equal(flip.position.updatedAtMs, fill().atMs);

        const fills = await store.listFills({ symbol: 'BTCUSDT' });
        assert.equal(fills.length, 10, 'every fill is recorded');
        assert.deepEqual(await store.listPositions('main'), [flip.position]);
        assert.deepEqual(await store.listPositions('nobody'), []);
      });
    });

    test('keeps the trading state across close and reopen: HALTED survives a restart', async () => {
      await withFixture(async (open) => {
        const store = await open();
        assert.equal(await store.loadTradingState('main'), undefined, 'no state recorded yet');
        await store.recordTradingState({ account: 'main', atMs: T0, state: 'ACTIVE', reason: 'start', actor: 'runner' });
        const halted = await store.recordTradingState({
          account: 'main', atMs: T0 + 1, state: 'HALTED', reason: 'manual kill: exchange incident', actor: 'operator:ana',
        });
        assert.equal(halted.previousState, 'ACTIVE', 'the transition records what it replaced');
        await store.recordTradingState({ account: 'second', atMs: T0 + 2, state: 'REDUCING', reason: 'daily loss', actor: 'dailyLoss' });
        await store.close();

        const reopened = await open();
        const state = await reopened.loadTradingState('main');
        assert.equal(state?.state, 'HALTED', 'the kill switch stays engaged after a restart');
        assert.equal(state?.reason, 'manual kill: exchange incident');
        assert.equal(state?.actor, 'operator:ana');
        assert.equal((await reopened.loadTradingState('second'))?.state, 'REDUCING', 'accounts are independent');
        assert.deepEqual(
          (await reopened.listTradingStateTransitions('main')).map((t) => [t.previousState, t.state]),
          [[null, 'ACTIVE'], ['ACTIVE', 'HALTED']],
        );
      });
    });

    test('a transition written late takes its place in time: an earlier automatic REDUCING never supersedes a later kill', async () => {
      await withFixture(async (open) => {
        const store = await open();
        await store.recordTradingState({ account: 'main', atMs: T0, state: 'ACTIVE', reason: 'start', actor: 'runner' });
        await store.recordTradingState({ account: 'main', atMs: T0 + 3_600_000, state: 'HALTED', reason: 'manual kill', actor: 'operator:ana' });
        // A paper replay catching up after a crash writes the emergency stop's change of an earlier bar only now.
        const late = await store.recordTradingState({ account: 'main', atMs: T0 + 1_800_000, state: 'REDUCING', reason: 'daily loss', actor: 'ess' });
        assert.equal(late.previousState, 'ACTIVE', 'the late row replaced what was in force at its time');
        const inForce = await store.loadTradingState('main');
        assert.deepEqual([inForce?.state, inForce?.previousState, inForce?.actor], ['HALTED', 'REDUCING', 'operator:ana'], 'the kill stays in force');
        assert.deepEqual(
          (await store.listTradingStateTransitions('main')).map((t) => [t.previousState, t.state, t.atMs - T0]),
          [[null, 'ACTIVE', 0], ['ACTIVE', 'REDUCING', 1_800_000], ['REDUCING', 'HALTED', 3_600_000]],
          'listed in the order they took effect',
        );
        await store.recordTradingState({ account: 'main', atMs: T0 + 3_600_000, state: 'ACTIVE', reason: 'reset', actor: 'operator:ana' });
        assert.equal((await store.loadTradingState('main'))?.state, 'ACTIVE', 'at the same time, the one written later wins');
      });
    });

    test('refuses a second runner while the lock heartbeat is fresh and lets it take over once stale', async () => {
      await withFixture(async (open) => {
        const runnerA = await open();
        const runnerB = await open();
        const ttlMs = 10_000;
        const first = await runnerA.acquireLock('account:main', 'A', ttlMs, T0);
        assert.deepEqual(first, { acquired: true, token: tokenOf(first) }, 'a free lock is granted with no previous hold');
        const again = await runnerA.acquireLock('account:main', 'A', ttlMs, T0 + 1);
        assert.ok(again.acquired && again.previous?.owner === 'A' && again.previous.token === tokenOf(first), 'the holder may re-acquire: a new hold that names the one it replaced');
        assert.deepEqual(
          await runnerB.acquireLock('account:main', 'B', ttlMs, T0 + 5_000),
          { acquired: false, owner: 'A', heartbeatAtMs: T0 + 1, ttlMs, token: tokenOf(again) },
          'a second owner is refused and told who holds the lock, with which token',
        );
        assert.equal(await runnerA.heartbeat('account:main', 'A', T0 + 9_000), true);
        assert.equal(
          (await runnerB.acquireLock('account:main', 'B', ttlMs, T0 + 19_000)).acquired,
          false,
          'a heartbeat exactly ttl old is still fresh',
        );
        assert.equal((await runnerB.acquireLock('other-lock', 'B', ttlMs, T0 + 19_000)).acquired, true, 'locks are per name');
        const takeover = await runnerB.acquireLock('account:main', 'B', ttlMs, T0 + 19_001);
        assert.deepEqual(
          takeover,
          { acquired: true, token: tokenOf(takeover), previous: { owner: 'A', token: tokenOf(again), heartbeatAtMs: T0 + 9_000, ttlMs } },
          'a heartbeat older than ttl is taken over, and the result names the hold it replaced',
        );
        assert.equal(await runnerA.heartbeat('account:main', 'A', T0 + 19_002), false, 'the old holder learns it lost the lock');
        assert.equal(await runnerA.releaseLock('account:main', 'A'), false, 'a non-holder cannot release');
        assert.equal((await runnerA.acquireLock('account:main', 'A', ttlMs, T0 + 19_003)).acquired, false);
        assert.equal(await runnerB.releaseLock('account:main', 'B'), true);
        assert.equal((await runnerA.acquireLock('account:main', 'A', ttlMs, T0 + 19_004)).acquired, true, 'a released lock is free');
      });
    });

    test('gives every hold a larger fencing token than any before it, across re-acquires, releases, takeovers and reopening', async () => {
      await withFixture(async (open) => {
        const runnerA = await open();
        const runnerB = await open();
        const ttlMs = 1_000;
        const tokens: number[] = [];
        tokens.push(tokenOf(await runnerA.acquireLock('runner:main', 'A', ttlMs, T0)));
        tokens.push(tokenOf(await runnerA.acquireLock('runner:main', 'A', ttlMs, T0 + 1)));
        assert.equal(await runnerA.releaseLock('runner:main', 'A'), true);
        tokens.push(tokenOf(await runnerA.acquireLock('runner:main', 'A', ttlMs, T0 + 2)));
        tokens.push(tokenOf(await runnerB.acquireLock('runner:main', 'B', ttlMs, T0 + 5_000)));
        await runnerA.close();
        const reopened = await open();
        assert.equal(await runnerB.releaseLock('runner:main', 'B'), true);
        tokens.push(tokenOf(await reopened.acquireLock('runner:main', 'A', ttlMs, T0 + 6_000)));
        assert.ok(tokens.every((token, i) => Number.isSafeInteger(token) && token > 0 && (i === 0 || token > tokens[i - 1])), `tokens only grow, were ${tokens.join(', ')}`);
      });
    });

    test('takes over a fresh holder only when the caller names that very hold as dead', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const ttlMs = 180_000;
        const dead = tokenOf(await store.acquireLock('runner:main', 'host:41', ttlMs, T0));
        assert.equal((await store.acquireLock('runner:main', 'host:42', ttlMs, T0 + 1, { takeOverFrom: { owner: 'host:41', token: dead + 1 } })).acquired, false, 'another hold than the one found dead is not taken');
        assert.equal((await store.acquireLock('runner:main', 'host:42', ttlMs, T0 + 1, { takeOverFrom: { owner: 'host:40', token: dead } })).acquired, false, 'nor another owner');
        const taken = await store.acquireLock('runner:main', 'host:42', ttlMs, T0 + 2, { takeOverFrom: { owner: 'host:41', token: dead } });
        assert.ok(taken.acquired && taken.token > dead && taken.previous?.owner === 'host:41', 'the dead hold is taken at once, with a larger token');
        assert.equal((await store.acquireLock('runner:main', 'host:43', ttlMs, T0 + 3, { takeOverFrom: { owner: 'host:41', token: dead } })).acquired, false, 'naming the dead hold again does not take the new holder\'s');
      });
    });

    test('refuses every write made with a stale fencing token with LockLostError, and the refused write changes nothing', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const other = await open();
        const ttlMs = 1_000;
        const old = store.fenced('runner:main', tokenOf(await store.acquireLock('runner:main', 'A', ttlMs, T0)));
        await old.recordIntentBeforeSend({ intent: intent(), order: orderUpdate({}) });
        await old.applyFill(fill({ tradeId: '1' }));
        const newToken = tokenOf(await other.acquireLock('runner:main', 'B', ttlMs, T0 + 5_000));
        const before = await contents(store);
        const lost = (error: unknown): boolean => error instanceof LockLostError && error.lockName === 'runner:main' && error.holder?.owner === 'B' && error.holder.token === newToken;
        const writes: Array<[string, () => Promise<unknown>]> = [
          ['recordIntent', () => old.recordIntent(intent({ clientOrderId: 'late' }))],
          ['recordIntentBeforeSend', () => old.recordIntentBeforeSend({ intent: intent({ clientOrderId: 'late' }), order: orderUpdate({ clientOrderId: 'late' }) })],
          ['setIntentState', () => old.setIntentState(intent().clientOrderId, 'SENT', T0 + 6_000)],
          ['recordOrderUpdate', () => old.recordOrderUpdate(orderUpdate({ status: 'UNKNOWN', atMs: T0 + 6_000 }))],
          ['applyFill', () => old.applyFill(fill({ tradeId: '2' }))],
          ['recordEquitySnapshot', () => old.recordEquitySnapshot({ account: 'main', atMs: T0, equity: '1', walletBalance: '1', unrealizedPnl: '0' })],
          ['recordRiskEvent', () => old.recordRiskEvent({ account: 'main', atMs: T0, code: 'X', symbol: null, strategy: null, clientOrderId: null, detail: {} })],
          ['recordTradingState', () => old.recordTradingState({ account: 'main', atMs: T0, state: 'HALTED', reason: 'late', actor: 'A' })],
          ['recordSignal', () => old.recordSignal({ atMs: T0, sleeve: 'trend', symbol: 'BTCUSDT', strategy: 'donchian', target: 1, confidence: null })],
          ['recordIncident', () => old.recordIncident({ atMs: T0, kind: 'LATE', severity: 'INFO', detail: {} })],
        ];
        for (const [name, write] of writes) await assert.rejects(write(), lost, `${name} with the old token is refused, naming the new holder`);
        assert.deepEqual(await contents(store), before, 'no refused write changed anything');
        assert.equal(await old.heartbeat('runner:main', 'A', T0 + 6_000), false, 'the old hold cannot refresh the lock');
        assert.equal(await old.releaseLock('runner:main', 'A'), false, 'nor release the new holder\'s');

        const current = other.fenced('runner:main', newToken);
        await current.recordOrderUpdate(orderUpdate({ status: 'NEW', venueOrderId: '555', atMs: T0 + 6_000 }));
        assert.equal((await store.getOrder(intent().clientOrderId))?.status, 'NEW', 'the current holder\'s writes go through');
        assert.equal(await current.heartbeat('runner:main', 'B', T0 + 6_001), true);
        assert.equal(await current.releaseLock('runner:main', 'B'), true);
        await assert.rejects(current.recordIncident({ atMs: T0, kind: 'LATE', severity: 'INFO', detail: {} }), (error: unknown) => error instanceof LockLostError && error.holder === null, 'after the release, the view writes nothing: the lock is gone');
        await assert.rejects(store.fenced('runner:main', newToken).fenced('runner:other', 1).recordIncident({ atMs: T0, kind: 'LATE', severity: 'INFO', detail: {} }), LockLostError, 'a view fenced twice checks both locks');
        await store.recordIncident({ atMs: T0, kind: 'OPERATOR', severity: 'INFO', detail: {} });
        assert.equal((await store.listIncidents()).length, 1, 'the store itself (operator commands) is not fenced');
      });
    });

    test('a takeover never lands inside a fenced write: every write of the old holder committed before it or was refused', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const other = await open();
        const old = store.fenced('runner:main', tokenOf(await store.acquireLock('runner:main', 'A', 1_000, T0)));
        const outcomes = Array.from({ length: 24 }, (_, i) => old.applyFill(fill({ tradeId: `t${i}`, quantity: '1', fee: '0' })).then(() => true, (error: unknown) => {
          if (!(error instanceof LockLostError)) throw error;
          return false;
        }));
        const takeover = other.acquireLock('runner:main', 'B', 1_000, T0 + 5_000).then(async (result) => ({ result, fillsAtTakeover: (await other.listFills()).length }));
        const applied = (await Promise.all(outcomes)).filter(Boolean).length;
        const { result, fillsAtTakeover } = await takeover;
        assert.equal(result.acquired, true, 'the stale lock was taken over');
        assert.equal((await store.listFills()).length, applied, 'every write reported as stored is stored');
        assert.equal(fillsAtTakeover, applied, 'and none of them landed after the takeover');
        assert.equal((await store.getPosition('main', 'BTCUSDT'))?.quantity ?? '0', String(applied), 'the position counts exactly the stored fills (no row yet when the takeover came before every write)');
      });
    });

    test('keeps one instance id for the life of the store', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const id = await store.instanceId();
        assert.match(id, /^[0-9a-f]{8}$/, 'eight hex characters');
        await store.close();
        assert.equal(await (await open()).instanceId(), id, 'the same id after reopening');
        await withFixture(async (openOther) => {
          assert.notEqual(await (await openOther()).instanceId(), id, 'another store has its own id');
        });
      });
    });

    test('round-trips signals, equity snapshots, risk events and incidents, filtered by time', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const signals = [
          { atMs: T0, sleeve: 'trend', symbol: 'BTCUSDT', strategy: 'donchian', target: 0.1 + 0.2, confidence: null },
          { atMs: T0 + 3_600_000, sleeve: 'trend', symbol: 'ETHUSDT', strategy: 'donchian', target: -1, confidence: 0.73 },
          { atMs: T0 + 7_200_000, sleeve: 'carry', symbol: 'BTCUSDT', strategy: 'funding', target: 0, confidence: 1e-9 },
        ];
        for (const signal of signals) await store.recordSignal(signal);
        assert.deepEqual(await store.listSignals(), signals, 'floats come back bit for bit, null confidence stays null');
        assert.deepEqual(await store.listSignals({ fromMs: T0 + 1, toMs: T0 + 3_600_000 }), [signals[1]], 'time range is inclusive');
        assert.deepEqual(await store.listSignals({ sleeve: 'carry' }), [signals[2]]);
        assert.deepEqual(await store.listSignals({ symbol: 'BTCUSDT' }), [signals[0], signals[2]]);

        const equity = [
          { account: 'main', atMs: T0, equity: '1000.00', walletBalance: '1000.00', unrealizedPnl: '0' },
          { account: 'main', atMs: T0 + 60_000, equity: '998.123456789', walletBalance: '1000.00', unrealizedPnl: '-1.876543211' },
        ];
        for (const snapshot of equity) await store.recordEquitySnapshot(snapshot);
        await store.recordEquitySnapshot({ account: 'second', atMs: T0, equity: '5', walletBalance: '5', unrealizedPnl: '0' });
        assert.deepEqual(await store.listEquitySnapshots('main'), equity, 'trailing zeros and signs are kept');
        assert.deepEqual(await store.listEquitySnapshots('main', { fromMs: T0 + 1 }), [equity[1]]);

        const denial = {
          account: 'main', atMs: T0, code: 'NOTIONAL_EXCEEDS_MAX_PER_ORDER', symbol: 'BTCUSDT', strategy: 'donchian',
          clientOrderId: 'rp-1', detail: { maxNotional: '500', notional: '50000.5', checks: ['maxNotional'], nested: { ok: false } },
        };
        const halt = { account: 'second', atMs: T0 + 5, code: 'DAILY_LOSS', symbol: null, strategy: null, clientOrderId: null, detail: {} };
        await store.recordRiskEvent(denial);
        await store.recordRiskEvent(halt);
        assert.deepEqual(await store.listRiskEvents(), [denial, halt]);
        assert.deepEqual(await store.listRiskEvents({ account: 'second' }), [halt]);

        const incident = { atMs: T0 + 9, kind: 'FOREIGN_ORDER', severity: 'CRITICAL' as const, detail: { venueOrderId: '77', count: 2 } };
        await store.recordIncident({ atMs: T0, kind: 'FEED_STALE', severity: 'WARNING', detail: { silentForMs: 30000 } });
        await store.recordIncident(incident);
        assert.deepEqual(await store.listIncidents({ fromMs: T0 + 1 }), [incident]);
        assert.equal((await store.listIncidents()).length, 2);
      });
    });

    test('finds an account\'s highest and latest equity snapshot by value and by time, not by spelling or by order of writing', async () => {
      await withFixture(async (open) => {
        const store = await open();
        assert.equal(await store.equityPeakAndLatest('main'), undefined, 'no snapshot, nothing to find');
        const at = (atMs: number, equity: string) => ({ account: 'main', atMs, equity, walletBalance: equity, unrealizedPnl: '0' });
        // Written out of time order; "999.5" sorts above "1000.25" as text; two snapshots share the peak value.
        const snapshots = [at(T0 + 2_000, '999.5'), at(T0, '1000.25'), at(T0 + 3_000, '1000.250'), at(T0 + 3_000, '950'), at(T0 + 1_000, '87.1')];
        for (const snapshot of snapshots) await store.recordEquitySnapshot(snapshot);
        await store.recordEquitySnapshot({ account: 'second', atMs: T0 + 9_000, equity: '5000', walletBalance: '5000', unrealizedPnl: '0' });
        const found = await store.equityPeakAndLatest('main');
        assert.deepEqual(found?.peak, snapshots[1], 'the highest value, the earlier written of two equal ones, its text kept');
        assert.deepEqual(found?.latest, snapshots[3], 'the latest time, the later written of two at that time, though not the last written');
        // The scrape's figure agrees with the one read from the whole history.
        const history = await store.listEquitySnapshots('main');
        const peak = Math.max(...history.map((snapshot) => Number(snapshot.equity)));
        assert.equal(Number(found?.peak.equity), peak);
        assert.deepEqual(found?.latest, history.at(-1));
        assert.deepEqual((await store.equityPeakAndLatest('second'))?.peak.equity, '5000', 'accounts are not mixed');
      });
    });

    test('stores go-live records with their inputs, listed in order and filtered by account, kind and time; refuses an unknown kind', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const decision = { account: 'main', atMs: T0, kind: 'LAUNCH_DECISION' as const, actor: 'ops@host', reason: 'launch-guard', detail: { decision: 'BLOCK_LAUNCH', hard: [{ name: 'clock offset', detail: '150 ms (bound 100 ms)' }] } };
        const activated = { account: 'main', atMs: T0 + 5, kind: 'ACTIVATED' as const, actor: 'ops@host', reason: 'stage 1 go', detail: { configSha256: 'a'.repeat(64), stage: 1 } };
        await store.recordGoLive(decision);
        await store.recordGoLive(activated);
        await store.recordGoLive({ ...activated, account: 'second' });
        assert.deepEqual(await store.listGoLive({ account: 'main' }), [decision, activated]);
        assert.deepEqual(await store.listGoLive({ kind: 'ACTIVATED', account: 'main' }), [activated]);
        assert.deepEqual(await store.listGoLive({ fromMs: T0 + 1, account: 'main' }), [activated]);
        await assert.rejects(store.recordGoLive({ ...activated, kind: 'MAYBE' as never }), /goLive\.kind/);
        assert.equal((await store.listGoLive()).length, 3, 'the refused record wrote nothing');
      });
    });

    test('keeps the risk-guard decision history per account in order, seen from a second connection, and refuses a non-positive multiplier', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const reduce = { account: 'main', atMs: T0 + 2, decision: 'REDUCE', sizeMultiplier: 0.5, detail: { counters: { day: 5, yellowDays: { runningMaxDrawdownPct: 4 }, scaleUpDays: 0 }, reasons: ['yellow'] } };
        const keep = { account: 'main', atMs: T0, decision: 'KEEP', sizeMultiplier: 1, detail: {} };
        const other = { account: 'second', atMs: T0 + 1, decision: 'SCALE_UP', sizeMultiplier: 1, detail: { proposedSizeMultiplier: 1.5 } };
        await store.recordRiskGuardDecision(reduce);
        await store.recordRiskGuardDecision(keep);
        await store.recordRiskGuardDecision(other);
        await assert.rejects(store.recordRiskGuardDecision({ ...keep, sizeMultiplier: 0 }), RangeError);
        await assert.rejects(store.recordRiskGuardDecision({ ...keep, sizeMultiplier: Number.NaN }), RangeError);
        const reopened = await open();
        assert.deepEqual(await reopened.listRiskGuardDecisions({ account: 'main' }), [keep, reduce], 'oldest first, the counters kept as written');
        assert.deepEqual(await reopened.listRiskGuardDecisions({ fromMs: T0 + 1 }), [other, reduce]);
      });
    });

    test("keeps an intent's decision reference price exactly, absent when unknown, and refuses a non-positive one", async () => {
      await withFixture(async (open) => {
        const store = await open();
        const sized = intent({ clientOrderId: 'sized', referencePrice: '50000.10' });
        await store.recordIntentBeforeSend({ intent: sized, order: orderUpdate({ clientOrderId: 'sized' }) });
        await store.recordIntent(intent());
        const reopened = await open();
        assert.deepEqual(await reopened.getIntent('sized'), sized, 'the reference price comes back as written, trailing zero included');
        assert.equal('referencePrice' in ((await reopened.getIntent(intent().clientOrderId)) ?? {}), false, 'an intent without one reads without one');
        await assert.rejects(store.recordIntent(intent({ clientOrderId: 'zero-ref', referencePrice: '0' })), RangeError);
        await assert.rejects(store.recordIntent(intent({ clientOrderId: 'float-ref', referencePrice: 1 as unknown as string })), RangeError);
      });
    });

    test('stores a funding payment once per (account, symbol, payment id), oldest first, filtered by account, symbol and time', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const paid = { account: 'main', symbol: 'BTCUSDT', paymentId: '7001', income: '-1.25000000', atMs: T0 + 8 * 3_600_000 };
        const received = { account: 'main', symbol: 'ETHUSDT', paymentId: '7002', income: '0.5', atMs: T0 };
        assert.deepEqual(await store.recordFundingPayment(paid), { created: true });
        assert.deepEqual(await store.recordFundingPayment({ ...paid, income: '-9' }), { created: false }, 'reading the venue history again adds nothing');
        assert.deepEqual(await store.recordFundingPayment(received), { created: true });
        assert.deepEqual(await store.recordFundingPayment({ ...paid, account: 'second' }), { created: true }, 'the id is unique per account');
        await assert.rejects(store.recordFundingPayment({ ...paid, paymentId: 'bad', income: '1e-3' }), RangeError);
        const reopened = await open();
        assert.deepEqual(await reopened.listFundingPayments({ account: 'main' }), [received, paid], 'oldest first, decimals as written');
        assert.deepEqual(await reopened.listFundingPayments({ symbol: 'BTCUSDT', fromMs: T0 + 1 }), [paid, { ...paid, account: 'second' }]);
        assert.deepEqual(await reopened.listFundingPayments({ account: 'main', toMs: T0 }), [received]);
      });
    });

    test('keeps profile assignments per account in order and refuses an empty reason', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const promoted = { account: 'main', atMs: T0 + 5, profile: 'low', reason: 'review: 4 weeks clean', actor: 'ops', detail: { trades: 24, winRatePct: 54.2 } };
        const set = { account: 'main', atMs: T0, profile: 'micro', reason: 'first live week', actor: 'ops', detail: {} };
        await store.recordProfileAssignment(promoted);
        await store.recordProfileAssignment(set);
        await store.recordProfileAssignment({ ...set, account: 'second' });
        await assert.rejects(store.recordProfileAssignment({ ...set, reason: '' }), RangeError);
        assert.deepEqual(await store.listProfileAssignments({ account: 'main' }), [set, promoted]);
        assert.equal((await store.listProfileAssignments()).length, 3);
      });
    });

    test('keeps exchange health snapshots and failover events in order, with nullable accounts, and refuses a bad state', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const down = { atMs: T0 + 2, account: 'main', venue: 'binanceusdm', state: 'DOWN' as const, detail: { reasons: ['circuit breaker open'], errorRatio: 0.6 } };
        const healthy = { atMs: T0, account: 'main', venue: 'binanceusdm', state: 'HEALTHY' as const, detail: {} };
        await store.recordExchangeHealth(down);
        await store.recordExchangeHealth(healthy);
        await store.recordExchangeHealth({ ...healthy, account: 'backup', venue: 'bybit' });
        await assert.rejects(store.recordExchangeHealth({ ...healthy, state: 'FINE' as 'HEALTHY' }), RangeError);
        const failover = { atMs: T0 + 1, sleeve: 'btc', account: 'main', kind: 'FAILOVER', fromAccount: 'main', toAccount: 'backup', reason: 'main is DOWN', actor: 'runner@h:1' };
        const stopped = { ...failover, atMs: T0 + 3, kind: 'ENTRIES_STOPPED', fromAccount: null, toAccount: null, reason: '3 switches' };
        await store.recordFailoverEvent(stopped);
        await store.recordFailoverEvent(failover);
        await store.recordFailoverEvent({ ...failover, sleeve: 'eth' });
        await assert.rejects(store.recordFailoverEvent({ ...failover, reason: '' }), RangeError);
        const reopened = await open();
        assert.deepEqual(await reopened.listExchangeHealth({ account: 'main' }), [healthy, down], 'oldest first');
        assert.equal((await reopened.listExchangeHealth({ fromMs: T0 + 1 })).length, 1);
        assert.deepEqual(await reopened.listFailoverEvents({ sleeve: 'btc' }), [failover, stopped], 'oldest first, null accounts kept');
        assert.equal((await reopened.listFailoverEvents()).length, 3);
      });
    });

    test('preserves decimal strings exactly and rejects anything that is not a plain decimal', async () => {
      await withFixture(async (open) => {
        const store = await open();
        const tiny = intent({ clientOrderId: 'tiny', quantity: '0.00000001', price: '123456789.123456789' });
        await store.recordIntent(tiny);
        assert.deepEqual(await store.getIntent('tiny'), tiny, 'no float rounding, no exponent notation');

        const exact = fill({ tradeId: 'exact', quantity: '0.00000001', price: '123456789.123456789', fee: '-0.000000010' });
        await store.applyFill(exact);
        assert.deepEqual(await store.listFills(), [exact], 'fill decimals, including a trailing zero, come back as written');
        const position = await store.getPosition('main', 'BTCUSDT');
        assert.equal(position?.quantity, '0.00000001');
        assert.equal(position?.entryPrice, '123456789.123456789');
        assert.equal(position?.realizedPnl, '0.00000001', 'a rebate is a negative fee');

        const bad = ['1e-8', 'NaN', '0.1.2', ' 1', '+1', '01', '-0', '', '1.'];
        for (const quantity of bad) {
          await assert.rejects(
            store.recordIntent(intent({ clientOrderId: `bad-${quantity}`, quantity })),
            RangeError,
            `quantity '${quantity}' is refused`,
          );
        }
        await assert.rejects(store.applyFill(fill({ tradeId: 'float', quantity: 0.1 as unknown as string })), RangeError, 'a JS number is refused');
        await assert.rejects(store.applyFill(fill({ tradeId: 'zero', quantity: '0' })), RangeError, 'a zero fill is refused');
        await assert.rejects(store.applyFill(fill({ tradeId: 'neg', price: '-1' })), RangeError, 'a negative price is refused');
        assert.equal((await store.listIntents()).length, 1, 'refused intents wrote nothing');
        assert.equal((await store.listFills()).length, 1, 'refused fills wrote nothing');
      });
    });
  });
}
