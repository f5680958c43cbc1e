import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { OrderDeniedError } from '../../../domain/errors/exchangeErrors.ts';
import { clientOrderId } from '../../../domain/order/clientOrderId.ts';
import { eachWithConnectedGateway, type LiveHarness } from '../../../app/wiring/liveTestSupport.ts';
import { callSimControl } from '../venueSim/simControlClient.ts';
import { connectWebSocket } from '../venueSim/webSocketClient.ts';
import type { CcxtExchangeGateway } from './ccxtExchangeGateway.ts';

const CONTROL_TOKEN = 'book-ticker-control';

describe('ExchangeGateway port: book ticker and reference price (ccxt → venue-sim over 127.0.0.1)', () => {
  let harness: LiveHarness;
  let gateway: CcxtExchangeGateway;
  eachWithConnectedGateway((fixture) => ({ harness, gateway } = fixture), { controlToken: CONTROL_TOKEN });

  test('reads the best bid and ask with their sizes and time; a spread set at the venue shows in the quote', async () => {
    harness.sim.setPrice('BTCUSDT', 60_000);
    const tight = await gateway.fetchBookTicker('BTCUSDT');
    assert.equal(tight.symbol, 'BTCUSDT');
    assert.equal(tight.askPrice.minus(tight.bidPrice).toNumber(), 0, 'the venue quotes bid = ask until a spread is set');
    assert.ok(tight.bidQuantity.gt(0) && tight.askQuantity.gt(0), 'sizes at the touch are read');
    assert.ok(tight.timeMs !== undefined && Math.abs(tight.timeMs - Date.now()) < 60_000, 'the quote carries the venue time');
    harness.sim.setSpread('BTCUSDT', 30);
    const wide = await gateway.fetchBookTicker('BTCUSDT');
    assert.equal(wide.bidPrice.toNumber(), 59_985);
    assert.equal(wide.askPrice.toNumber(), 60_015);
    assert.ok(wide.bidPrice instanceof Decimal, 'prices are exact decimals');
  });

  test('the spread can be set through the control route /_sim/faults, as a rehearsal does', async () => {
    const answer = await callSimControl(harness.sim.url, CONTROL_TOKEN, { method: 'POST', command: { kind: 'spread', symbol: 'BTCUSDT', spread: 12 } });
    assert.ok(answer.ok, answer.ok ? '' : answer.error);
    const quote = await gateway.fetchBookTicker('BTCUSDT');
    assert.equal(quote.askPrice.minus(quote.bidPrice).toNumber(), 12);
  });

  test('the <symbol>@bookTicker stream sends the new quote when the spread or the price changes', async () => {
    const client = await connectWebSocket(`${harness.sim.wsUrl}/btcusdt@bookTicker`);
    try {
      const messages = client.messages();
      harness.sim.setSpread('BTCUSDT', 20);
      const first = JSON.parse((await messages.next()).value as string) as Record<string, unknown>;
      assert.deepEqual([first.e, first.s, first.b, first.a], ['bookTicker', 'BTCUSDT', '59990', '60010']);
      harness.sim.setPrice('BTCUSDT', 61_000);
      const second = JSON.parse((await messages.next()).value as string) as Record<string, unknown>;
      assert.deepEqual([second.b, second.a], ['60990', '61010'], 'a market move moves the quote');
      assert.ok(Number(second.u) > Number(first.u), 'update ids grow');
    } finally {
      client.close();
    }
  });

  test('a market order is pre-checked locally at the reference price given through the port, with no request', async () => {
    const request = (quantity: string, sequence: number) => ({
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      type: 'MARKET' as const,
      quantity: new Decimal(quantity),
      reduceOnly: false,
      clientOrderId: clientOrderId({ account: 'test', sleeve: 'btc', symbol: 'BTCUSDT', timeMs: 1_700_000_000_000, sequence }),
    });
    // 0.002 BTC: 60 USDT at a reference of 30 000, below the venue's 100 minimum; 120 USDT at 60 000.
    gateway.setReferencePrice('BTCUSDT', new Decimal(30_000));
    const orderRequests = (): number => harness.sim.requests().filter((entry) => entry.path.endsWith('/order')).length;
    const before = orderRequests();
    await assert.rejects(gateway.placeOrder(request('0.002', 1)), (error: unknown) => error instanceof OrderDeniedError && error.local && error.reason === 'BELOW_MIN_NOTIONAL');
    assert.equal(orderRequests(), before, 'nothing reached the venue');
    gateway.setReferencePrice('BTCUSDT', new Decimal(60_000));
    const outcome = await gateway.placeOrder(request('0.002', 2));
    assert.equal(outcome.status, 'PLACED', 'at the reference the latest mark gives, the same order clears the minimum and is sent');
  });
});
