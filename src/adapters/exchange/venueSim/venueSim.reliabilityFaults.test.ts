import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ccxt from 'ccxt';
import { createCcxtClientForVenueSim, type VenueSimCcxtClient } from './ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, BTC, SIM_SYMBOLS } from './venueSimFixtures.ts';
import { connectWebSocket } from './webSocketClient.ts';

// The two venue capabilities RELIABILITY cases 8 and 11 need: user events out of order, and trading
// rules that change under a client's cached filters.
describe('venue simulator: out-of-order user events and changed filters', () => {
  let sim: VenueSim;
  let ex: VenueSimCcxtClient;

  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    ex = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
    await ex.loadMarkets();
  });
  after(async () => {
    await ex.close();
    await sim.close();
  });

  /** The user-stream events (type and execution type) the next order placement causes, in the order sent. */
  async function userEventsOf(place: () => Promise<unknown>): Promise<string[]> {
    const { listenKey } = (await ex.fapiPrivatePostListenKey()) as { listenKey: string };
    const client = await connectWebSocket(`${sim.wsUrl}/${listenKey}`);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const text of client.messages()) {
        const event = JSON.parse(text) as { e: string; o?: { x: string; X: string } };
        seen.push(event.o === undefined ? event.e : `${event.e} ${event.o.x} ${event.o.X}`);
        if (seen.length === 3) break;
      }
    })();
    await place();
    await reading;
    client.close();
    return seen;
  }

  test('userEventsReversed sends the fill and the account update before the NEW of the same order', async () => {
    assert.deepEqual(
      await userEventsOf(() => ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { clientOrderId: 'ooo-1' })),
      ['ORDER_TRADE_UPDATE NEW NEW', 'ORDER_TRADE_UPDATE TRADE FILLED', 'ACCOUNT_UPDATE'],
      'without the fault: NEW, then the fill, then the account',
    );
    sim.inject({ kind: 'userEventsReversed' });
    assert.deepEqual(
      await userEventsOf(() => ex.createOrder(BTC, 'market', 'sell', 0.002, undefined, { clientOrderId: 'ooo-2' })),
      ['ACCOUNT_UPDATE', 'ORDER_TRADE_UPDATE TRADE FILLED', 'ORDER_TRADE_UPDATE NEW NEW'],
      'with it: the same events, reversed',
    );
  });

  test('setSymbolFilters changes what exchangeInfo serves and what orders are checked against, not the fixtures', async () => {
    await ex.createOrder(BTC, 'market', 'buy', 0.004, undefined, { clientOrderId: 'flt-1' }); // 240 USDT: fine under the 100 minimum
    sim.setSymbolFilters('BTCUSDT', { minNotional: 600 });
    await assert.rejects(ex.createOrder(BTC, 'market', 'buy', 0.008, undefined, { clientOrderId: 'flt-2' }), (error: unknown) => error instanceof ccxt.InvalidOrder && /-4164/.test(String(error)), '480 USDT is now under the minimum');
    const markets = await ex.loadMarkets(true);
    assert.equal(markets[BTC]?.limits.cost?.min, 600, 'exchangeInfo serves the new minimum notional');
    assert.equal(SIM_SYMBOLS[0]?.minNotional, 100, 'the shared fixture is untouched');
  });
});
