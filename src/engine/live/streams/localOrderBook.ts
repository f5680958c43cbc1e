/** One Binance USDT-M diff-depth event (`depthUpdate`): prices and quantities as the venue's strings. */
export interface DepthDiffEvent {
  /** First update id in the event. */
  readonly U: number;
  /** Final update id in the event. */
  readonly u: number;
  /** Final update id of the previous event on this stream. */
  readonly pu: number;
  readonly bids: ReadonlyArray<readonly [string, string]>;
  readonly asks: ReadonlyArray<readonly [string, string]>;
}

/** A REST depth snapshot (`GET /fapi/v1/depth`). */
export interface DepthSnapshot {
  readonly lastUpdateId: number;
  readonly bids: ReadonlyArray<readonly [string, string]>;
  readonly asks: ReadonlyArray<readonly [string, string]>;
}

export const BookState = {
  /** No usable snapshot: events are buffered until one arrives. */
  AWAITING_SNAPSHOT: 'AWAITING_SNAPSHOT',
  /** Snapshot applied; the first event bridging it has not arrived yet. */
  SYNCING: 'SYNCING',
  LIVE: 'LIVE',
  /** A gap was seen (pu ≠ previous u): nothing may be read until a new snapshot. */
  CORRUPT: 'CORRUPT',
} as const;
export type BookState = (typeof BookState)[keyof typeof BookState];

export type ApplyResult =
  | { readonly outcome: 'APPLIED' | 'BUFFERED' | 'DROPPED_STALE' }
  | { readonly outcome: 'GAP'; readonly expectedPu: number; readonly pu: number };

export interface BookLevel {
  readonly price: number;
  readonly quantity: number;
}

/** Events kept while waiting for a snapshot; Binance sends ~10/s per symbol, so this is minutes. */
const MAX_BUFFERED_EVENTS = 5_000;

/**
 * A local order book maintained from Binance USDT-M diff-depth events with the documented rules:
 * drop events with u < lastUpdateId; the first applied event has U ≤ lastUpdateId ≤ u; every later
 * event's pu equals the previous u, otherwise the book is corrupt and needs a new snapshot. A corrupt
 * or unsynced book refuses reads, so no decision is ever taken on it.
 */
export class LocalOrderBook {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();
  private lastUpdateId = 0;
  private previousU: number | undefined;
  private buffered: DepthDiffEvent[] = [];
  private currentState: BookState = BookState.AWAITING_SNAPSHOT;

  constructor(readonly symbol: string) {}

  get state(): BookState {
    return this.currentState;
  }

  /** True when a new REST snapshot must be fetched and passed to applySnapshot. */
  get needsSnapshot(): boolean {
    return this.currentState === BookState.AWAITING_SNAPSHOT || this.currentState === BookState.CORRUPT;
  }

  applySnapshot(snapshot: DepthSnapshot): void {
    this.bids.clear();
    this.asks.clear();
    for (const [price, quantity] of snapshot.bids) setLevel(this.bids, price, quantity);
    for (const [price, quantity] of snapshot.asks) setLevel(this.asks, price, quantity);
    this.lastUpdateId = snapshot.lastUpdateId;
    this.previousU = undefined;
    this.currentState = BookState.SYNCING;
    const pending = this.buffered;
    this.buffered = [];
    for (const event of pending) {
      if (this.apply(event).outcome === 'GAP') return;
    }
  }

  apply(event: DepthDiffEvent): ApplyResult {
    if (this.currentState === BookState.AWAITING_SNAPSHOT || this.currentState === BookState.CORRUPT) {
      this.buffered.push(event);
      if (this.buffered.length > MAX_BUFFERED_EVENTS) this.buffered.shift();
      return { outcome: 'BUFFERED' };
    }
    if (event.u < this.lastUpdateId) return { outcome: 'DROPPED_STALE' };
    if (this.currentState === BookState.SYNCING) {
      if (!(event.U <= this.lastUpdateId && this.lastUpdateId <= event.u)) {
        // The stream moved past the snapshot without a bridging event: the snapshot is too old.
        return this.markCorrupt(event, this.lastUpdateId);
      }
    } else if (event.pu !== this.previousU) {
      return this.markCorrupt(event, this.previousU ?? this.lastUpdateId);
    }
    for (const [price, quantity] of event.bids) setLevel(this.bids, price, quantity);
    for (const [price, quantity] of event.asks) setLevel(this.asks, price, quantity);
    this.previousU = event.u;
    this.currentState = BookState.LIVE;
    return { outcome: 'APPLIED' };
  }

  /** Best bid and ask; throws unless the book is LIVE. */
  top(): { bid: BookLevel | undefined; ask: BookLevel | undefined } {
    this.assertReadable();
    return { bid: best(this.bids, 'desc'), ask: best(this.asks, 'asc') };
  }

  /** Up to `levels` levels per side, best first; throws unless the book is LIVE. */
  depth(levels: number): { bids: BookLevel[]; asks: BookLevel[] } {
    this.assertReadable();
    return { bids: sorted(this.bids, 'desc').slice(0, levels), asks: sorted(this.asks, 'asc').slice(0, levels) };
  }

  private markCorrupt(event: DepthDiffEvent, expectedPu: number): ApplyResult {
    this.currentState = BookState.CORRUPT;
    this.bids.clear();
    this.asks.clear();
    // Events after the gap may bridge the next snapshot, so the offending one is kept.
    this.buffered = [event];
    return { outcome: 'GAP', expectedPu, pu: event.pu };
  }

  private assertReadable(): void {
    if (this.currentState !== BookState.LIVE) {
      throw new Error(`${this.symbol} order book must be LIVE to be read, was ${this.currentState}`);
    }
  }
}

function setLevel(side: Map<string, string>, price: string, quantity: string): void {
  if (Number(quantity) === 0) side.delete(price);
  else side.set(price, quantity);
}

function sorted(side: Map<string, string>, direction: 'asc' | 'desc'): BookLevel[] {
  const levels = [...side].map(([price, quantity]) => ({ price: Number(price), quantity: Number(quantity) }));
  return levels.sort((a, b) => (direction === 'asc' ? a.price - b.price : b.price - a.price));
}

function best(side: Map<string, string>, direction: 'asc' | 'desc'): BookLevel | undefined {
  return sorted(side, direction)[0];
}
