import { BookState, LocalOrderBook, type BookLevel, type DepthDiffEvent, type DepthSnapshot } from './localOrderBook.ts';

export interface OrderBookSyncOptions {
  readonly symbol: string;
  /** The diff-depth stream, already subscribed: events are buffered by the book until a snapshot lands. */
  readonly events: AsyncIterable<DepthDiffEvent>;
  /** A REST depth snapshot (`GET /fapi/v1/depth`), fetched after the first event and after every gap. */
  readonly fetchSnapshot: () => Promise<DepthSnapshot>;
  readonly onStateChange?: (state: BookState) => void;
  /** Snapshots that fail or cannot bridge the stream, in a row, before the sync gives up. Default 5. */
  readonly maxSnapshotAttempts?: number;
  /** Wait before fetching again after a failed attempt, doubled per attempt. Default 250 ms. */
  readonly retryDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_MAX_SNAPSHOT_ATTEMPTS = 5;
const DEFAULT_RETRY_DELAY_MS = 250;

/**
 * Feeds a LocalOrderBook from a diff-depth stream and REST snapshots, following Binance's recipe:
 * buffer the stream, fetch a snapshot, drop what it already contains, then require pu = previous u.
 * A gap drops the book and fetches a new snapshot while the stream keeps being buffered; until the
 * book bridges the stream again it is not live and every read throws (case 30: no decision on a
 * corrupt book).
 */
export class OrderBookSync {
  readonly book: LocalOrderBook;
  private snapshotInFlight: Promise<void> | undefined;
  private failedAttempts = 0;
  private snapshotsTaken = 0;
  private gapsSeen = 0;
  private failure: Error | undefined;
  private streamEnded = false;
  private iterator: AsyncIterator<DepthDiffEvent> | undefined;
  private lastState: BookState;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: OrderBookSyncOptions) {
    this.book = new LocalOrderBook(options.symbol);
    this.lastState = this.book.state;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Consumes the stream until it ends (end it to stop the sync). Rejects when snapshots keep failing;
   * either way the book is unreadable afterwards, since nothing keeps it current any more.
   */
  async run(): Promise<void> {
    const iterator = this.options.events[Symbol.asyncIterator]();
    this.iterator = iterator;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done === true || this.failure !== undefined) break;
        if (this.book.apply(next.value).outcome === 'GAP') this.gapsSeen += 1;
        this.noteState();
        if (this.book.needsSnapshot) this.requestSnapshot();
      }
    } finally {
      this.streamEnded = true;
    }
    await this.snapshotInFlight;
    if (this.failure !== undefined) throw this.failure;
  }

  /** True when the book bridges the stream and may be read. */
  isLive(): boolean {
    return !this.streamEnded && this.failure === undefined && this.book.state === BookState.LIVE;
  }

  get state(): BookState {
    return this.book.state;
  }

  get snapshotCount(): number {
    return this.snapshotsTaken;
  }

  get gapCount(): number {
    return this.gapsSeen;
  }

  /** Best bid and ask; throws unless live. */
  top(): { bid: BookLevel | undefined; ask: BookLevel | undefined } {
    this.assertUsable();
    return this.book.top();
  }

  /** Up to `levels` levels per side, best first; throws unless live. */
  depth(levels: number): { bids: BookLevel[]; asks: BookLevel[] } {
    this.assertUsable();
    return this.book.depth(levels);
  }

  private requestSnapshot(): void {
    if (this.snapshotInFlight !== undefined) return;
    this.snapshotInFlight = this.takeSnapshot().finally(() => {
      this.snapshotInFlight = undefined;
      // A snapshot older than the buffered stream leaves the book corrupt again: fetch anew.
      if (this.failure === undefined && this.book.needsSnapshot) this.requestSnapshot();
    });
  }

  private async takeSnapshot(): Promise<void> {
    const maxAttempts = this.options.maxSnapshotAttempts ?? DEFAULT_MAX_SNAPSHOT_ATTEMPTS;
    if (this.failedAttempts > 0) await this.sleep((this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** (this.failedAttempts - 1));
    let snapshot: DepthSnapshot;
    try {
      snapshot = await this.options.fetchSnapshot();
    } catch (error) {
      this.failedAttempts += 1;
      if (this.failedAttempts >= maxAttempts) this.giveUp(`depth snapshot failed ${this.failedAttempts} times in a row: ${String(error)}`);
      return;
    }
    this.snapshotsTaken += 1;
    this.book.applySnapshot(snapshot);
    this.noteState();
    if (this.book.needsSnapshot) {
      this.gapsSeen += 1;
      this.failedAttempts += 1;
      if (this.failedAttempts >= maxAttempts) this.giveUp(`depth snapshots did not bridge the stream ${this.failedAttempts} times in a row`);
    } else {
      this.failedAttempts = 0;
    }
  }

  private giveUp(reason: string): void {
    this.failure = new Error(`${this.options.symbol} ${reason}`);
    // Ends the stream too, so run() settles even when no further event comes.
    void this.iterator?.return?.();
  }

  private noteState(): void {
    const state = this.book.state;
    if (state === this.lastState) return;
    this.lastState = state;
    this.options.onStateChange?.(state);
  }

  private assertUsable(): void {
    if (this.failure !== undefined) throw new Error(`${this.options.symbol} order book is not maintained: ${this.failure.message}`);
    if (this.streamEnded) throw new Error(`${this.options.symbol} order book is not maintained: the depth stream ended`);
  }
}
