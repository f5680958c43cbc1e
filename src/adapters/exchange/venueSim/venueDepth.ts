import { decimalString } from './venueJson.ts';
import { VenueRejection, type DepthGapFault, type VenueSimSymbol } from './venueSimTypes.ts';

/** A price level as [price, quantity]; quantity 0 removes the level. */
export type DepthLevel = [price: number, quantity: number];

export interface DepthChange {
  bids?: DepthLevel[];
  asks?: DepthLevel[];
}

/** The sim's book for one symbol, best levels first. */
export interface SimDepth {
  lastUpdateId: number;
  bids: DepthLevel[];
  asks: DepthLevel[];
}

/** The update ids of one diff event, as Binance numbers them. */
export interface DepthUpdateIds {
  U: number;
  u: number;
  pu: number;
}

export interface DepthUpdate extends DepthUpdateIds {
  bids: DepthLevel[];
  asks: DepthLevel[];
}

/** Levels seeded on each side of the instrument's price, so a snapshot is never empty. */
const SEED_LEVELS = 5;
/** Binance's update ids are large and per symbol; starting away from 0 catches code that assumes otherwise. */
const FIRST_UPDATE_ID = 1_000;
const VALID_LIMITS = [5, 10, 20, 50, 100, 500, 1000];
const DEFAULT_LIMIT = 500;

/**
 * The order book of one symbol on the sim: levels change only through `update`, each change numbered
 * with consecutive update ids (U = previous u + 1, pu = previous u) unless a depth gap is injected.
 */
export class VenueDepth {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private updateId = FIRST_UPDATE_ID;

  constructor(instrument: VenueSimSymbol) {
    for (let level = 1; level <= SEED_LEVELS; level += 1) {
      const quantity = Number((instrument.minQty * 10 * level).toPrecision(12));
      this.bids.set(Number((instrument.price - level * instrument.tickSize).toPrecision(12)), quantity);
      this.asks.set(Number((instrument.price + level * instrument.tickSize).toPrecision(12)), quantity);
    }
  }

  get lastUpdateId(): number {
    return this.updateId;
  }

  book(limit = Infinity): SimDepth {
    return { lastUpdateId: this.updateId, bids: sortedSide(this.bids, 'desc', limit), asks: sortedSide(this.asks, 'asc', limit) };
  }

  /**
   * Applies a change and numbers it. With a gap, the ids of an event the client never sees come
   * first (carrying `gap.missed`, if any, which then only a new snapshot can reveal).
   */
  update(change: DepthChange, gap?: DepthGapFault): DepthUpdate {
    if (gap !== undefined) {
      this.applySide(this.bids, gap.missed?.bids ?? []);
      this.applySide(this.asks, gap.missed?.asks ?? []);
      this.updateId += Math.max(1, gap.skippedUpdates ?? 1);
    }
    const bids = change.bids ?? [];
    const asks = change.asks ?? [];
    this.applySide(this.bids, bids);
    this.applySide(this.asks, asks);
    const pu = this.updateId;
    this.updateId += Math.max(1, bids.length + asks.length);
    return { U: pu + 1, u: this.updateId, pu, bids: bids.map(copyLevel), asks: asks.map(copyLevel) };
  }

  private applySide(side: Map<number, number>, levels: DepthLevel[]): void {
    for (const [price, quantity] of levels) {
      if (!(Number.isFinite(price) && price > 0 && Number.isFinite(quantity) && quantity >= 0)) {
        throw new Error(`depth level [${price}, ${quantity}] needs a positive price and a non-negative quantity`);
      }
      if (quantity === 0) side.delete(price);
      else side.set(price, quantity);
    }
  }
}

/** `GET /fapi/v1/depth` as Binance answers it. */
export function depthSnapshotJson(depth: VenueDepth, limitParam: string | undefined, serverTimeMs: number): unknown {
  const limit = depthLimit(limitParam);
  const book = depth.book(limit);
  return {
    lastUpdateId: book.lastUpdateId,
    E: serverTimeMs,
    T: serverTimeMs,
    bids: book.bids.map(levelJson),
    asks: book.asks.map(levelJson),
  };
}

/** A `depthUpdate` event of the diff-depth stream. */
export function depthUpdateEvent(symbol: string, update: DepthUpdate, serverTimeMs: number): unknown {
  return {
    e: 'depthUpdate',
    E: serverTimeMs,
    T: serverTimeMs,
    s: symbol,
    U: update.U,
    u: update.u,
    pu: update.pu,
    b: update.bids.map(levelJson),
    a: update.asks.map(levelJson),
  };
}

/** Request weight of a depth snapshot, which Binance scales with the limit. */
export function depthWeight(limitParam: string | null): number {
  const limit = Number(limitParam ?? DEFAULT_LIMIT);
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

/** Diff-depth stream names of a symbol, at each update speed USDⓈ-M futures offer. */
export function isDepthStreamOf(stream: string, symbol: string): boolean {
  const prefix = `${symbol.toLowerCase()}@depth`;
  return stream === prefix || stream === `${prefix}@100ms` || stream === `${prefix}@500ms`;
}

function depthLimit(limitParam: string | undefined): number {
  if (limitParam === undefined) return DEFAULT_LIMIT;
  const limit = Number(limitParam);
  if (!VALID_LIMITS.includes(limit)) throw new VenueRejection(-1130, "Data sent for parameter 'limit' is not valid.");
  return limit;
}

function sortedSide(side: Map<number, number>, direction: 'asc' | 'desc', limit: number): DepthLevel[] {
  const levels = [...side].map(([price, quantity]): DepthLevel => [price, quantity]);
  levels.sort((a, b) => (direction === 'asc' ? a[0] - b[0] : b[0] - a[0]));
  return levels.slice(0, limit);
}

function levelJson([price, quantity]: DepthLevel): [string, string] {
  return [decimalString(price), decimalString(quantity)];
}

function copyLevel([price, quantity]: DepthLevel): DepthLevel {
  return [price, quantity];
}
