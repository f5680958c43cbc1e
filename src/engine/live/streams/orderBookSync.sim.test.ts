import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startVenueSim, type VenueSim } from '../../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { connectWebSocket, type WebSocketClient } from '../../../adapters/exchange/venueSim/webSocketClient.ts';
import { BookState, type DepthDiffEvent, type DepthSnapshot } from './localOrderBook.ts';
import { OrderBookSync } from './orderBookSync.ts';

async function waitFor(what: string, condition: () => boolean, limitMs = 4_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The raw `depthUpdate` frames of the sim's diff stream, in the shape the engine's book takes. */
async function* depthEvents(client: WebSocketClient): AsyncGenerator<DepthDiffEvent> {
  for await (const text of client.messages()) {
    const raw = JSON.parse(text) as { e?: string; U: number; u: number; pu: number; b: Array<[string, string]>; a: Array<[string, string]> };
    if (raw.e === 'depthUpdate') yield { U: raw.U, u: raw.u, pu: raw.pu, bids: raw.b, asks: raw.a };
  }
}

/** A sim, its raw diff stream over a websocket, and a sync whose snapshots come from the sim's REST endpoint. */
async function setUp() {
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  const client = await connectWebSocket(`${sim.wsUrl}/btcusdt@depth@100ms`);
  // A test may hold a fetched snapshot back, to look at the book while it waits or to make it stale.
  let hold: Promise<void> | undefined;
  const fetchSnapshot = async (): Promise<DepthSnapshot> => {
    const response = await fetch(`${sim.url}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`);
    if (!response.ok) throw new Error(`depth snapshot answered HTTP ${response.status}`);
    const snapshot = (await response.json()) as DepthSnapshot;
    await hold;
    return snapshot;
  };
  const states: BookState[] = [];
  const sync = new OrderBookSync({
    symbol: 'BTCUSDT',
    events: depthEvents(client),
    fetchSnapshot,
    onStateChange: (state) => states.push(state),
    retryDelayMs: 5,
  });
  const running = sync.run();
  const depthRequests = (): number => sim.requests().filter((r) => r.path === '/fapi/v1/depth').length;
  const assertMirrorsVenue = (why: string): void => {
    const venue = sim.depth('BTCUSDT');
    const local = sync.depth(1000);
    assert.deepEqual(local.bids.map((l) => [l.price, l.quantity]), venue.bids, `${why}: bids equal the venue's`);
    assert.deepEqual(local.asks.map((l) => [l.price, l.quantity]), venue.asks, `${why}: asks equal the venue's`);
  };
  const holdSnapshots = (): (() => void) => {
    let release = (): void => {};
    hold = new Promise((resolve) => {
      release = () => {
        hold = undefined;
        resolve();
      };
    });
    return release;
  };
  const tearDown = async (): Promise<void> => {
    client.close();
    await running;
    await sim.close();
  };
  await waitFor('the diff stream to be subscribed', () => sim.marketSubscriptions().some((s) => s.includes('btcusdt@depth@100ms')));
  return { sim, sync, states, depthRequests, assertMirrorsVenue, holdSnapshots, tearDown };
}

describe('OrderBookSync against the local venue (case 30: depth gap)', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  before(async () => {
    env = await setUp();
  });
  after(async () => {
    await env.tearDown();
  });

  test('goes live from the first diff and one snapshot, mirrors the venue, and after a gap re-snapshots without ever serving the corrupt book', async () => {
    const { sim, sync, states } = env;
    assert.equal(sync.isLive(), false, 'no snapshot yet: not live');
    assert.throws(() => sync.top(), /must be LIVE/, 'no reads before the book is synced');
    sim.pushDepth('BTCUSDT', { bids: [[59999.9, 0.7]] });
    await waitFor('the book to go live', () => sync.isLive());
    assert.equal(env.depthRequests(), 1, 'one snapshot');
    sim.pushDepth('BTCUSDT', { asks: [[60000.1, 0], [60000.6, 2]] });
    sim.pushDepth('BTCUSDT', { bids: [[59999.4, 1.25]] });
    await waitFor('both diffs applied', () => sync.top().bid?.quantity === 0.7 && sync.depth(1000).bids.length === 6);
    env.assertMirrorsVenue('after three diffs');

    const release = env.holdSnapshots();
    const lostBid = sim.depth('BTCUSDT').bids[0] as [number, number];
    sim.inject({ kind: 'depthGap', skippedUpdates: 2, missed: { bids: [[lostBid[0], 0]] } });
    sim.pushDepth('BTCUSDT', { asks: [[60000.7, 3]] });
    await waitFor('the gap to be seen', () => sync.state === BookState.CORRUPT);
    assert.equal(sync.gapCount, 1, 'one gap');
    assert.equal(sync.isLive(), false, 'a corrupt book is not live');
    assert.throws(() => sync.top(), /must be LIVE.*CORRUPT/, 'no read of the corrupt book');
    assert.throws(() => sync.depth(5), /must be LIVE.*CORRUPT/, 'no depth read of the corrupt book either');
    // The stream goes on while the new snapshot is in flight: this diff is buffered, not lost.
    sim.pushDepth('BTCUSDT', { asks: [[60000.8, 1]] });
    await waitFor('the second snapshot request', () => env.depthRequests() === 2);
    assert.equal(sync.isLive(), false, 'still not live while the snapshot is held back');

    release();
    await waitFor('the book to be live again', () => sync.isLive());
    assert.equal(env.depthRequests(), 2, 'exactly one re-snapshot for one gap');
    env.assertMirrorsVenue('after the re-snapshot');
    assert.ok(!sync.depth(1000).bids.some((l) => l.price === lostBid[0]), 'the change carried by the lost event is known from the snapshot');
    // Each snapshot replays the buffered bridging diff at once, so SYNCING is never observed here.
    assert.deepEqual(states, [BookState.LIVE, BookState.CORRUPT, BookState.LIVE], 'live, corrupt for the one gap, live again');
  });

  test('a snapshot that cannot bridge the stream, or that fails, is fetched again until the book is live', async () => {
    const { sim, sync } = env;
    const requestsBefore = env.depthRequests();
    const release = env.holdSnapshots();
    // A gap makes the sync fetch a snapshot, which is then held while the stream moves past it.
    sim.inject({ kind: 'depthGap' });
    sim.pushDepth('BTCUSDT', { bids: [[59999.3, 1]] });
    await waitFor('the snapshot to be fetched', () => env.depthRequests() === requestsBefore + 1);
    sim.inject({ kind: 'depthGap', skippedUpdates: 5 });
    sim.pushDepth('BTCUSDT', { bids: [[59999.2, 2]] });
    sim.inject({ kind: 'http5xx', path: '/fapi/v1/depth', count: 2 });
    release();
    await waitFor('the book to be live again', () => sync.isLive());
    // The held snapshot predates the second gap (stale, whether that diff lands before or after it),
    // then two answers are 503s, then one bridges.
    assert.equal(env.depthRequests(), requestsBefore + 4, 'stale snapshot, two failed fetches, one good snapshot');
    env.assertMirrorsVenue('after the retries');
  });
});
