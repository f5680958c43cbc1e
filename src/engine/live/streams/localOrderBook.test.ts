import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BookState, LocalOrderBook, type DepthDiffEvent, type DepthSnapshot } from './localOrderBook.ts';

const snapshot: DepthSnapshot = {
  lastUpdateId: 100,
  bids: [['99.0', '1'], ['98.0', '2']],
  asks: [['101.0', '1'], ['102.0', '3']],
};

function diff(U: number, u: number, pu: number, bids: Array<[string, string]> = [], asks: Array<[string, string]> = []): DepthDiffEvent {
  return { U, u, pu, bids, asks };
}

describe('LocalOrderBook (Binance USDT-M diff-depth rules)', () => {
  const cases: Array<{ name: string; events: DepthDiffEvent[]; outcomes: string[]; state: BookState }> = [
    {
      name: 'drops events older than the snapshot, applies the bridging one, then follows pu = previous u',
      events: [diff(90, 95, 89), diff(96, 105, 95), diff(106, 110, 105)],
      outcomes: ['DROPPED_STALE', 'APPLIED', 'APPLIED'],
      state: BookState.LIVE,
    },
    {
      name: 'an event whose pu is not the previous u is a gap: the book turns corrupt',
      events: [diff(96, 105, 95), diff(108, 112, 107)],
      outcomes: ['APPLIED', 'GAP'],
      state: BookState.CORRUPT,
    },
    {
      name: 'a first event that starts after the snapshot (U > lastUpdateId) cannot bridge it',
      events: [diff(102, 106, 101)],
      outcomes: ['GAP'],
      state: BookState.CORRUPT,
    },
    {
      name: 'a first event ending exactly at lastUpdateId bridges it (U ≤ lastUpdateId ≤ u)',
      events: [diff(99, 100, 98), diff(101, 103, 100)],
      outcomes: ['APPLIED', 'APPLIED'],
      state: BookState.LIVE,
    },
    {
      name: 'events after a gap are buffered until a new snapshot',
      events: [diff(96, 105, 95), diff(110, 112, 109), diff(113, 115, 112)],
      outcomes: ['APPLIED', 'GAP', 'BUFFERED'],
      state: BookState.CORRUPT,
    },
  ];
  for (const testCase of cases) {
    test(testCase.name, () => {
      const book = new LocalOrderBook('BTCUSDT');
      book.applySnapshot(snapshot);
      const outcomes = testCase.events.map((event) => book.apply(event).outcome);
      assert.deepEqual(outcomes, testCase.outcomes, 'per-event outcome');
      assert.equal(book.state, testCase.state, 'book state after the events');
    });
  }

  test('applies level updates and removes a level whose quantity is zero', () => {
    const book = new LocalOrderBook('BTCUSDT');
    book.applySnapshot(snapshot);
    book.apply(diff(96, 105, 95, [['99.0', '0'], ['99.5', '4']], [['100.5', '2']]));
    const top = book.top();
    assert.deepEqual(top.bid, { price: 99.5, quantity: 4 }, 'new best bid; 99.0 was removed');
    assert.deepEqual(top.ask, { price: 100.5, quantity: 2 });
    assert.deepEqual(book.depth(5).bids.map((level) => level.price), [99.5, 98], 'the zero-quantity level is gone');
  });

  test('refuses reads while corrupt, before a snapshot, and before the bridging event', () => {
    const book = new LocalOrderBook('BTCUSDT');
    assert.throws(() => book.top(), /must be LIVE to be read, was AWAITING_SNAPSHOT/);
    book.applySnapshot(snapshot);
    assert.throws(() => book.top(), /was SYNCING/, 'a snapshot alone is not yet synchronised with the stream');
    book.apply(diff(96, 105, 95));
    book.apply(diff(107, 109, 106));
    assert.equal(book.needsSnapshot, true, 'a gap asks for a re-snapshot');
    assert.throws(() => book.depth(1), /was CORRUPT/, 'no decisions on a corrupt book');
  });

  test('a re-snapshot after a gap replays the buffered events that bridge it', () => {
    const book = new LocalOrderBook('BTCUSDT');
    book.applySnapshot(snapshot);
    book.apply(diff(96, 105, 95));
    assert.equal(book.apply(diff(110, 112, 109, [['97.0', '5']])).outcome, 'GAP');
    book.apply(diff(113, 115, 112, [['96.0', '1']]));
    book.applySnapshot({ lastUpdateId: 111, bids: [['95.0', '1']], asks: [['105.0', '1']] });
    assert.equal(book.state, BookState.LIVE, 'the buffered event 110..112 bridges lastUpdateId 111');
    assert.deepEqual(book.depth(5).bids.map((level) => level.price), [97, 96, 95], 'both buffered events were applied on top of the new snapshot');
  });

  test('events before the first snapshot are buffered and applied once it arrives', () => {
    const book = new LocalOrderBook('BTCUSDT');
    assert.equal(book.apply(diff(96, 105, 95, [['99.9', '1']])).outcome, 'BUFFERED');
    book.applySnapshot(snapshot);
    assert.equal(book.top().bid?.price, 99.9);
  });
});
