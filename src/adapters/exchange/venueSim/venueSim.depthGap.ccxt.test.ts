import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ccxt from 'ccxt';
import { createCcxtClientForVenueSim, type VenueSimCcxtClient } from './ccxtForVenueSim.ts';
import { startVenueSim, type DepthLevel, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, BTC, SIM_SYMBOLS } from './venueSimFixtures.ts';

interface CcxtBook {
  nonce?: number;
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
}

async function waitFor(what: string, condition: () => boolean, limitMs = 4_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ccxt's book sides are Array subclasses; plain pairs compare by value only.
const levels = (side: Array<[number, number]>): DepthLevel[] => Array.from(side, ([price, quantity]): DepthLevel => [price, quantity]);

/**
 * Case 30 (depth gap) with a real ccxt.pro binanceusdm client. What ccxt 4.5.84 does on a gap
 * (pro/binance.js handleOrderBook): the event whose pu is not the book's nonce is NOT applied; ccxt
 * throws ChecksumError inside its handler, deletes the book from `exchange.orderbooks` and the
 * subscription, and rejects the pending (or next) watchOrderBook call with that ChecksumError. Until
 * the caller calls watchOrderBook again there is no book to read at all: ccxt does not resync on its
 * own. The next call sends SUBSCRIBE again, fetches a new REST snapshot (GET /fapi/v1/depth
 * ?symbol=BTCUSDT&limit=1000), replays the buffered diffs and resolves with the rebuilt book. A book
 * object returned before the gap is left frozen at its last good update: callers must drop it.
 */
describe('depth gap through ccxt (case 30): drop the book, re-snapshot, no reads of the corrupt book', () => {
  let sim: VenueSim;
  let exchange: VenueSimCcxtClient;
  const depthRequests = () => sim.requests().filter((r) => r.method === 'GET' && r.path === '/fapi/v1/depth');
  const depthSubscribes = () =>
    sim.wsEvents().filter((e) => e.method === 'SUBSCRIBE' && (e.params ?? []).some((s) => s.startsWith('btcusdt@depth')));
  const assertSameBook = (book: CcxtBook, why: string): void => {
    const venue = sim.depth('BTCUSDT');
    assert.equal(book.nonce, venue.lastUpdateId, `${why}: ccxt's nonce is the venue's last update id`);
    assert.deepEqual(levels(book.bids), venue.bids, `${why}: bids equal the venue's`);
    assert.deepEqual(levels(book.asks), venue.asks, `${why}: asks equal the venue's`);
  };
  /** Pushes diffs while a watch is pending, then waits until ccxt's book has caught up with the venue. */
  const pushAndWatch = async (changes: Array<Parameters<VenueSim['pushDepth']>[1]>): Promise<CcxtBook> => {
    const next = exchange.watchOrderBook(BTC);
    for (const change of changes) sim.pushDepth('BTCUSDT', change);
    const book = (await next) as unknown as CcxtBook;
    await waitFor('ccxt applied every pushed diff', () => book.nonce === sim.depth('BTCUSDT').lastUpdateId);
    return book;
  };

  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    exchange = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
    await exchange.loadMarkets();
  });
  after(async () => {
    await exchange.close();
    await sim.close();
  });

  test('the first watch subscribes to the diff stream, takes one REST snapshot and mirrors the venue as diffs arrive', async () => {
    const first = (await exchange.watchOrderBook(BTC)) as unknown as CcxtBook;
    assert.equal(depthRequests().length, 1, 'one snapshot request');
    const query = new URLSearchParams(depthRequests()[0]?.query);
    assert.deepEqual([query.get('symbol'), query.get('limit')], ['BTCUSDT', '1000'], 'ccxt asks for the snapshot with its default limit of 1000');
    assert.deepEqual(depthSubscribes().map((e) => e.params), [['btcusdt@depth@100ms']], 'one SUBSCRIBE to the 100 ms diff stream');
    assert.ok(depthSubscribes()[0]?.path.startsWith('/public/ws'), `depth goes over the public market path, was ${depthSubscribes()[0]?.path}`);
    assertSameBook(first, 'after the snapshot');

    const book = await pushAndWatch([
      { bids: [[59999.9, 0.5], [59999.5, 3]] },
      { asks: [[60000.1, 0]] },
      { bids: [[59999.8, 0]], asks: [[60000.2, 4.25]] },
    ]);
    assertSameBook(book, 'after three diffs');
    assert.equal(depthRequests().length, 1, 'consecutive diffs need no new snapshot');
  });

  test('a gap rejects the watch with ChecksumError and removes the book; the next watch re-snapshots and matches the venue', async () => {
    const beforeGap = (await pushAndWatch([{ bids: [[59999.7, 1.5]] }])) as CcxtBook;
    const nonceBeforeGap = beforeGap.nonce;
    const watchAcrossGap = exchange.watchOrderBook(BTC).then(
      () => undefined,
      (error: unknown) => error,
    );
    // The lost event removed the best ask: only a new snapshot can tell ccxt.
    const lostAsk = sim.depth('BTCUSDT').asks[0] as DepthLevel;
    sim.inject({ kind: 'depthGap', skippedUpdates: 3, missed: { asks: [[lostAsk[0], 0]] } });
    const gapEvent = sim.pushDepth('BTCUSDT', { bids: [[59999.6, 2]] });
    assert.notEqual(gapEvent.pu, nonceBeforeGap, 'the venue really sent pu ≠ previous u');

    const error = await watchAcrossGap;
    assert.ok(error instanceof ccxt.ChecksumError, `the pending watch fails with ChecksumError, got ${String(error)}`);
    assert.equal((exchange.orderbooks as Record<string, unknown>)[BTC], undefined, 'ccxt dropped the corrupt book: there is nothing to read');
    assert.equal(beforeGap.nonce, nonceBeforeGap, 'the gap event was not applied to the old book object');
    assert.ok(
      levels(beforeGap.asks).some(([price]) => price === lostAsk[0]),
      'the old book object is frozen before the gap (it still shows the lost ask), which is why it must be dropped',
    );
    assert.equal(depthRequests().length, 1, 'ccxt does not resync by itself');

    const resynced = (await exchange.watchOrderBook(BTC)) as unknown as CcxtBook;
    assert.equal(depthRequests().length, 2, 'the next watch fetched a second REST snapshot');
    assert.equal(depthSubscribes().length, 2, 'and subscribed to the diff stream again');
    assertSameBook(resynced, 'after the re-snapshot');
    assert.ok(!levels(resynced.asks).some(([price]) => price === lostAsk[0]), 'the change carried by the lost event is now seen');

    const after = await pushAndWatch([{ asks: [[60000.9, 1]] }, { bids: [[59999.6, 0]] }]);
    assertSameBook(after, 'diffs after the resync');
    assert.equal(depthRequests().length, 2, 'no further snapshots once back in sequence');
  });
});
