import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { ACCOUNT, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

/** Store methods that write (everything else the runner calls on the store only reads). */
const WRITES = new Set(['recordIntent', 'recordIntentBeforeSend', 'setIntentState', 'recordOrderUpdate', 'applyFill', 'recordEquitySnapshot', 'recordRiskEvent', 'recordTradingState', 'recordSignal', 'recordIncident', 'acquireLock', 'heartbeat', 'releaseLock']);

/** `store` with the names of its write calls appended to `writes`. */
function recordingWrites(store: TradeStore, writes: string[]): TradeStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (WRITES.has(String(property))) writes.push(String(property));
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        // The runner writes through a fenced view of the store: its writes are recorded too.
        return property === 'fenced' ? recordingWrites(result as TradeStore, writes) : result;
      };
    },
  });
}

describe('live runner writes between a bar close and the send (decision latency)', () => {
  let h: LiveHarness;
  beforeEach(async () => {
    h = await startLiveHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('stores the intent, its PENDING_SEND row and the bar equity in one write before the send, the lock heartbeat aside', async () => {
    const writes: string[] = [];
    let beforeSend: string[] | undefined;
    let storedBeforeSend: { intent: string | undefined; order: string | undefined; equityRows: number } | undefined;
    const runner = h.runner({
      store: recordingWrites(h.store, writes),
      hooks: {
        afterIntentStored: async (clientOrderId) => {
          storedBeforeSend ??= {
            intent: (await h.store.getIntent(clientOrderId))?.state,
            order: (await h.store.getOrder(clientOrderId))?.status,
            equityRows: (await h.store.listEquitySnapshots(ACCOUNT)).length,
          };
        },
        beforeSend: () => {
          beforeSend ??= [...writes];
        },
      },
    });
    await runner.start();
    const equityAtStart = (await h.store.listEquitySnapshots(ACCOUNT)).length;
    writes.length = 0;
    h.pushBar(1);
    const entry = await runner.onBarClose();
    assert.ok(entry.orders.length > 0, 'precondition: the bar sends an entry');
    assert.deepEqual(beforeSend, ['heartbeat', 'recordIntentBeforeSend'], 'one durable commit on the decision path: the equity snapshot rides in it, nothing else is written before the send');
    assert.deepEqual(storedBeforeSend, { intent: 'NEW', order: 'PENDING_SEND', equityRows: equityAtStart + 1 }, 'all three rows are stored when the send starts');
    assert.equal((await h.store.listEquitySnapshots(ACCOUNT)).length, equityAtStart + 1, 'the bar stores its equity once, not again after the send');
    await runner.stop();
  });

  test('stores the bar equity after the decisions when the bar sends nothing', async () => {
    const writes: string[] = [];
    const runner = h.runner({ store: recordingWrites(h.store, writes) });
    await runner.start();
    const equityAtStart = (await h.store.listEquitySnapshots(ACCOUNT)).length;
    writes.length = 0;
    h.pushBar(0);
    const flat = await runner.onBarClose();
    assert.deepEqual(flat.orders, [], 'precondition: a flat target sends nothing');
    assert.equal((await h.store.listEquitySnapshots(ACCOUNT)).length, equityAtStart + 1, 'the equity of a bar without an order is stored too');
    assert.deepEqual(writes.filter((write) => write !== 'heartbeat'), ['recordEquitySnapshot'], 'and written once');
    await runner.stop();
  });
});
