import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { CcxtExchangeGateway } from '../../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { createCcxtClientForVenueSim } from '../../../adapters/exchange/venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from '../../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { SqliteTradeStore } from '../../../adapters/storage/sqlite/sqliteTradeStore.ts';
import type { OrderRequest } from '../../../domain/order/venueOrder.ts';
import { assertStoreMatchesVenue as assertStoreAndVenueAgree } from '../../../app/wiring/assertStoreMatchesVenue.ts';
import { UserStreamSync } from './userStreamSync.ts';

const ACCOUNT = 'sim';
const fastSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let sequence = 0;
function order(overrides: Partial<OrderRequest>): OrderRequest {
  sequence += 1;
  return { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.01'), reduceOnly: false, clientOrderId: `rp-uss-${sequence}`, ...overrides };
}

describe('UserStreamSync against the local venue (real ccxt.pro client, SQLite store)', () => {
  let sim: VenueSim;
  let gateway: CcxtExchangeGateway;
  let store: SqliteTradeStore;
  let sync: UserStreamSync;
  let stateDir: string;

  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'rampart-uss-'));
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    gateway = new CcxtExchangeGateway(createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET }), {
      venue: 'binanceusdm', apiKey: API_KEY, secret: API_SECRET, testnet: false, sleep: fastSleep,
    });
    await gateway.connect();
    gateway.setReferencePrice('BTCUSDT', new Decimal(60000));
    store = await SqliteTradeStore.open({ path: join(stateDir, 'rampart.sqlite') });
    sync = new UserStreamSync({ gateway, store, clock: { nowMs: () => Date.now() }, account: ACCOUNT, symbols: ['BTCUSDT'], sleep: fastSleep, backfillDelayMs: 100 });
    sync.start();
  });
  after(async () => {
    await sync.stop();
    await gateway.close();
    await sim.close();
    await store.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** As the runner does: the order is persisted (PENDING_SEND) before it is sent. */
  async function place(request: OrderRequest): Promise<void> {
    await store.recordOrderUpdate({ clientOrderId: request.clientOrderId, account: ACCOUNT, symbol: request.symbol, venueOrderId: null, status: 'PENDING_SEND', filledQuantity: '0', averagePrice: null, atMs: Date.now(), reason: null });
    await gateway.placeOrder(request);
  }

  const storedTradeIds = async (): Promise<string[]> => (await store.listFills({ account: ACCOUNT })).map((fill) => fill.tradeId).sort();
  const venueTradeIds = (): string[] => sim.state().trades.map((trade) => String(trade.id)).sort();

  /** Store and venue agree once every event received has reached the store (the shared live-test check). */
  async function assertStoreMatchesVenue(): Promise<void> {
    await sync.idle();
    await assertStoreAndVenueAgree(store, sim, ACCOUNT);
  }

  test('fills arriving on the websocket are applied once, and a REST poll of the same trades changes nothing', async () => {
    await waitFor('the user stream to connect', () => sim.requests().some((r) => r.path === '/fapi/v1/listenKey'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await place(order({}));
    await waitFor('the websocket fill to reach the store', async () => (await storedTradeIds()).length === venueTradeIds().length && venueTradeIds().length > 0);
    const report = await sync.backfill();
    assert.ok(report.tradesSeen >= 1, `the REST poll saw the trade again, was ${report.tradesSeen}`);
    assert.equal(report.fillsApplied, 0, 'the same trade id via REST is not applied a second time');
    await assertStoreMatchesVenue();
  });

  test('a fill during a websocket outage is back-filled over REST exactly once', async () => {
    const exit = order({ side: 'SELL', type: 'LIMIT', price: new Decimal('61000'), reduceOnly: true });
    await place(exit);
    await waitFor('the resting order in the store', async () => (await store.getOrder(exit.clientOrderId))?.status === 'NEW');
    const disconnectsBefore = sync.disconnectCount;
    sim.dropWebsockets();
    sim.setPrice('BTCUSDT', 61500);
    assert.equal(sim.state().orders.find((o) => o.clientOrderId === exit.clientOrderId)?.status, 'FILLED', 'the venue filled the order while the stream was down');
    await waitFor('the back-filled fill', async () => (await store.getOrder(exit.clientOrderId))?.status === 'FILLED' && (await storedTradeIds()).length === venueTradeIds().length);
    assert.ok(sync.disconnectCount > disconnectsBefore, 'the drop was noticed');
    await assertStoreMatchesVenue();
    const incidents = await store.listIncidents();
    assert.ok(incidents.some((incident) => incident.kind === 'USER_STREAM_DISCONNECTED'), 'the outage is recorded');
  });

  test('an expired listenKey leads to a new key, a reconnect, and no missed fill', async () => {
    const keysBefore = sim.requests().filter((r) => r.method === 'POST' && r.path === '/fapi/v1/listenKey').length;
    sim.expireListenKeys();
    await place(order({ quantity: new Decimal('0.02') }));
    await waitFor('a new listenKey', () => sim.requests().filter((r) => r.method === 'POST' && r.path === '/fapi/v1/listenKey').length > keysBefore);
    // The fill may land between the old key's death and the new subscription; the runner's per-bar
    // back-fill (modelled here once a second) is what guarantees it is applied, exactly once.
    let lastBackfillMs = Date.now();
    await waitFor('the fill placed after the expiry', async () => {
      if ((await storedTradeIds()).length === venueTradeIds().length) return true;
      if (Date.now() - lastBackfillMs > 1_000) {
        lastBackfillMs = Date.now();
        await sync.backfill();
      }
      return false;
    });
    // The reconnected stream delivers new fills by websocket again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const last = order({ side: 'SELL', quantity: new Decimal('0.02'), reduceOnly: true });
    await place(last);
    await waitFor('the fill on the new connection', async () => (await store.getOrder(last.clientOrderId))?.status === 'FILLED' && (await storedTradeIds()).length === venueTradeIds().length);
    await assertStoreMatchesVenue();
    assert.deepEqual(sync.takeFailures().map((error) => error.message), [], 'no event failed to apply');
  });
});
