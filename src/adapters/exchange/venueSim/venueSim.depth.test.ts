import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startVenueSim, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from './venueSimFixtures.ts';
import { connectWebSocket, type WebSocketClient } from './webSocketClient.ts';

interface DepthEventJson {
  e: string;
  E: number;
  T: number;
  s: string;
  U: number;
  u: number;
  pu: number;
  b: Array<[string, string]>;
  a: Array<[string, string]>;
}

async function nextMessage(messages: AsyncIterator<string>): Promise<unknown> {
  const next = await messages.next();
  assert.equal(next.done, false, 'the stream delivered a message');
  return JSON.parse(next.value as string) as unknown;
}

describe('venue sim: order book depth (REST snapshot and diff-depth stream)', () => {
  let sim: VenueSim;
  const clients: WebSocketClient[] = [];
  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  });
  after(async () => {
    for (const client of clients) client.close();
    await sim.close();
  });
  const open = async (url: string): Promise<AsyncIterator<string>> => {
    const client = await connectWebSocket(url);
    clients.push(client);
    return client.messages();
  };

  test('GET /fapi/v1/depth answers lastUpdateId, E, T and string levels, best first, cut to the limit', async () => {
    const response = await fetch(`${sim.url}/fapi/v1/depth?symbol=ETHUSDT&limit=5`);
    const body = (await response.json()) as { lastUpdateId: number; E: number; T: number; bids: Array<[string, string]>; asks: Array<[string, string]> };
    const venue = sim.depth('ETHUSDT');
    assert.equal(body.lastUpdateId, venue.lastUpdateId, 'the snapshot carries the book update id');
    assert.ok(Number.isInteger(body.E) && Number.isInteger(body.T), 'event and transaction times are present');
    assert.ok(body.bids.length === 5 && body.asks.length === 5, 'five levels per side at limit=5');
    assert.ok(body.bids.every(([p, q]) => typeof p === 'string' && typeof q === 'string'), 'levels are [price, qty] strings as on Binance');
    const bidPrices = body.bids.map(([p]) => Number(p));
    const askPrices = body.asks.map(([p]) => Number(p));
    assert.deepEqual(bidPrices, [...bidPrices].sort((x, y) => y - x), 'bids best (highest) first');
    assert.deepEqual(askPrices, [...askPrices].sort((x, y) => x - y), 'asks best (lowest) first');
    assert.ok((bidPrices[0] as number) < (askPrices[0] as number), 'the seeded book is not crossed');
    assert.equal(response.headers.get('x-mbx-used-weight-1m'), '2', 'a limit-5 snapshot weighs 2');

    const invalid = await fetch(`${sim.url}/fapi/v1/depth?symbol=ETHUSDT&limit=7`);
    assert.equal(invalid.status, 400, 'a limit Binance does not offer is refused');
  });

  test('pushDepth changes the book and sends one depthUpdate per diff stream, numbered U = pu + 1 with pu = previous u', async () => {
    const direct = await open(`${sim.wsUrl}/btcusdt@depth`);
    const combined = await open(`${sim.url.replace('http', 'ws')}/stream?streams=btcusdt@depth@500ms`);
    const subscribed = await open(`${sim.url.replace('http', 'ws')}/public/ws`);
    const subscribedClient = clients.at(-1) as WebSocketClient;
    subscribedClient.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 }));
    assert.deepEqual(await nextMessage(subscribed), { result: null, id: 1 }, 'the SUBSCRIBE is acknowledged');

    const before = sim.depth('BTCUSDT').lastUpdateId;
    const first = sim.pushDepth('BTCUSDT', { bids: [[59999.9, 0], [59990, 4]], asks: [[60000.5, 1.5]] });
    const second = sim.pushDepth('BTCUSDT', { asks: [[60000.5, 0]] });
    assert.equal(first.pu, before, 'the first diff follows the book state');
    assert.equal(first.U, before + 1, 'U is the first new update id');
    assert.equal(second.pu, first.u, 'consecutive diffs chain pu = previous u');
    assert.equal(second.U, first.u + 1, 'and their ids are consecutive');

    const event = (await nextMessage(direct)) as DepthEventJson;
    assert.equal(event.e, 'depthUpdate');
    assert.equal(event.s, 'BTCUSDT');
    assert.deepEqual([event.U, event.u, event.pu], [first.U, first.u, first.pu], 'the ids pushDepth reported are the ones sent');
    assert.deepEqual(event.b, [['59999.9', '0'], ['59990', '4']], 'bids as strings, a removed level with quantity 0');
    assert.deepEqual(event.a, [['60000.5', '1.5']]);
    const wrapped = (await nextMessage(combined)) as { stream: string; data: DepthEventJson };
    assert.equal(wrapped.stream, 'btcusdt@depth@500ms', 'combined streams wrap the event with its stream name');
    assert.equal(wrapped.data.u, first.u);
    assert.equal(((await nextMessage(subscribed)) as DepthEventJson).u, first.u, 'a SUBSCRIBEd @depth@100ms stream gets it too');
    assert.equal(((await nextMessage(direct)) as DepthEventJson).pu, first.u, 'the next event on the wire chains to the first');

    const book = sim.depth('BTCUSDT');
    assert.equal(book.lastUpdateId, second.u, 'the book is at the last update id');
    assert.ok(book.bids.some(([p, q]) => p === 59990 && q === 4), 'the added bid is in the book');
    assert.ok(!book.bids.some(([p]) => p === 59999.9), 'the removed bid is gone');
    assert.ok(!book.asks.some(([p]) => p === 60000.5), 'an ask added then removed is gone');
  });

  test('a depthGap fault makes the next diff skip ids (pu ≠ previous u) and applies the lost change silently', async () => {
    const previous = sim.pushDepth('ETHUSDT', { bids: [[2999.5, 1]] });
    sim.inject({ kind: 'depthGap', symbol: 'ETHUSDT', skippedUpdates: 4, missed: { asks: [[3000.5, 9]] } });
    const other = sim.pushDepth('BTCUSDT', { bids: [[59980, 1]] });
    const gapped = sim.pushDepth('ETHUSDT', { bids: [[2999.4, 2]] });
    const after = sim.pushDepth('ETHUSDT', { bids: [[2999.3, 3]] });
    assert.equal(other.U, other.pu + 1, 'a gap aimed at ETHUSDT leaves BTCUSDT in sequence');
    assert.notEqual(gapped.pu, previous.u, 'the gapped event does not chain to the previous one');
    assert.equal(gapped.pu, previous.u + 4, 'four update ids were lost');
    assert.equal(after.pu, gapped.u, 'the gap is one-off: the stream chains again afterwards');
    assert.ok(sim.depth('ETHUSDT').asks.some(([p, q]) => p === 3000.5 && q === 9), 'the lost change is in the venue book (and its snapshots)');
  });
});
