import type { DecisionRecord, FillRecord, TradeRecord } from './runRecords.ts';

/**
 * Columnar, growable logs of what a run did: decisions, fills and trades. A 10M-bar run makes about a
 * million of them; typed columns keep that to a few stores per event with no object per event, and
 * the familiar record objects are built only when someone reads them.
 */

// Small enough that the first new block is taken within the first few hundred rows, while the
// fill and trade paths still run unoptimised: a branch first taken after they were optimised (at row
// 8,192, say) would have no type feedback and throw their optimised code away mid-run.
const BLOCK_ROWS = 512;

/**
 * Rows of `width` float64 fields, stored row-major in fixed blocks: appending never copies, and one
 * event touches one cache line or two.
 */
class RowLog {
  length = 0;
  private readonly blocks: Float64Array[] = [];
  private current: Float64Array;
  private offsetInBlock = 0;

  constructor(readonly width: number) {
    this.current = new Float64Array(BLOCK_ROWS * width);
    this.blocks.push(this.current);
  }

  /** Reserves a row; returns the block to write it in at the returned `offset` (see `offset`). */
  append(): Float64Array {
    if (this.offsetInBlock === BLOCK_ROWS * this.width) {
      this.current = new Float64Array(BLOCK_ROWS * this.width);
      this.blocks.push(this.current);
      this.offsetInBlock = 0;
    }
    this.offset = this.offsetInBlock;
    this.offsetInBlock += this.width;
    this.length++;
    return this.current;
  }

  /** Where the row reserved by the last append() starts in its block. */
  offset = 0;

  /** Field `field` of row `row`. */
  get(row: number, field: number): number {
    const block = this.blocks[Math.floor(row / BLOCK_ROWS)];
    return block[(row % BLOCK_ROWS) * this.width + field];
  }
}

/** The numbers of one fill as the log stores them (the book hands its reused fill, not arguments). */
export interface FillRow {
  readonly timeMs: number;
  /** Signed: + buy, − sell. */
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  /** The price the order was expected to fill near before slippage (its bar's close or open, the stop level); NaN without one (liquidation, end of data). */
  readonly referencePrice: number;
}

/** A funding payment of one sleeve's position, as the simulated venue charged it. */
export interface FundingRecord {
  readonly timeMs: number;
  readonly sleeve: string;
  readonly symbol: string;
  /** Quote asset: positive when the position paid, negative when it received. */
  readonly paid: number;
}

/** The numbers of one closed trade as the log stores them (a TradeRecord has them all). */
export type TradeRow = Pick<TradeRecord, 'side' | 'quantity' | 'entryTimeMs' | 'entryPrice' | 'exitTimeMs' | 'exitPrice' | 'pnl' | 'fees' | 'funding'>;

/** Why a fill happened, as stored in the log's reason column. */
export const FILL_REASONS = ['entry', 'adjust', 'signal', 'reverse', 'stop', 'liquidation', 'end_of_data', 'risk', 'take_profit'] as const;
export type FillReason = (typeof FILL_REASONS)[number];

/**
 * The code of a fill reason (its index in FILL_REASONS), as a switch: constant strings compare by
 * identity, with no keyed lookup per fill.
 */
export function fillReasonCode(reason: FillReason): number {
  switch (reason) {
    case 'entry':
      return 0;
    case 'adjust':
      return 1;
    case 'signal':
      return 2;
    case 'reverse':
      return 3;
    case 'stop':
      return 4;
    case 'liquidation':
      return 5;
    case 'end_of_data':
      return 6;
    case 'risk':
      return 7;
    case 'take_profit':
      return 8;
  }
}

const D_TIME = 0, D_SLEEVE = 1, D_TARGET = 2, D_STOP = 3;
const F_TIME = 0, F_SLEEVE = 1, F_QUANTITY = 2, F_PRICE = 3, F_FEE = 4, F_REASON = 5, F_REFERENCE = 6;
const P_TIME = 0, P_SLEEVE = 1, P_PAID = 2;
// A trade row packs sleeve, side and exit reason into one field (sleeve × 32 + reason × 2 + long):
// every byte of a new row is fresh memory, which is what a trade costs the bar loop.
const T_KEY = 0, T_QUANTITY = 1, T_ENTRY_TIME = 2, T_ENTRY_PRICE = 3, T_EXIT_TIME = 4, T_EXIT_PRICE = 5, T_PNL = 6, T_FEES = 7, T_FUNDING = 8;

/** Everything a run decided and executed, in order, across all sleeves. */
export class RunLog {
  private readonly decisionLog = new RowLog(4);
  private readonly fillLog = new RowLog(7);
  private readonly fundingLog = new RowLog(3);
  private readonly tradeLog = new RowLog(9);
  private decisionCache: DecisionRecord[] | undefined;
  private fillCache: FillRecord[] | undefined;
  private tradeCache: TradeRecord[] | undefined;

  /** Decisions and fills counted, whether or not their rows are kept. */
  decisionCount = 0;
  fillCount = 0;

  /**
   * `sleeves[i]` is the name and symbol of sleeve index i. Fills and decisions are kept only when asked
   * for (parity checks, the paper journal, tests); a backtest report needs only the trades, and a
   * 10M-bar run saves some 50 MB of rows.
   */
  constructor(
    readonly sleeves: ReadonlyArray<{ readonly name: string; readonly symbol: string }>,
    readonly keep: { readonly fills: boolean; readonly decisions: boolean } = { fills: true, decisions: true },
  ) {}

  get tradeCount(): number {
    return this.tradeLog.length;
  }

  recordDecision(sleeve: number, timeMs: number, target: number, stopDistance: number): void {
    this.decisionCount++;
    if (!this.keep.decisions) return;
    const block = this.decisionLog.append();
    const at = this.decisionLog.offset;
    block[at + D_TIME] = timeMs;
    block[at + D_SLEEVE] = sleeve;
    block[at + D_TARGET] = target;
    block[at + D_STOP] = stopDistance;
    this.decisionCache = undefined;
  }

  /** Appends a fill of sleeve index `sleeve`; `reason` is a fillReasonCode. */
  recordFill(sleeve: number, fill: FillRow, reason: number): void {
    this.fillCount++;
    this.lastPrice = fill.price;
    if (!this.keep.fills) return;
    const block = this.fillLog.append();
    const at = this.fillLog.offset;
    block[at + F_TIME] = fill.timeMs;
    block[at + F_SLEEVE] = sleeve;
    block[at + F_QUANTITY] = fill.quantity;
    block[at + F_PRICE] = fill.price;
    block[at + F_FEE] = fill.fee;
    block[at + F_REASON] = reason;
    block[at + F_REFERENCE] = fill.referencePrice;
    this.fillCache = undefined;
  }

  /** Appends a funding payment of sleeve index `sleeve` (kept with the fills: only runs that keep fills need it). */
  recordFunding(sleeve: number, timeMs: number, paid: number): void {
    if (!this.keep.fills) return;
    const block = this.fundingLog.append();
    const at = this.fundingLog.offset;
    block[at + P_TIME] = timeMs;
    block[at + P_SLEEVE] = sleeve;
    block[at + P_PAID] = paid;
  }

  /** The funding payments, in order; empty when the run did not keep fills. */
  fundingPayments(): FundingRecord[] {
    const log = this.fundingLog;
    const records: FundingRecord[] = [];
    for (let row = 0; row < log.length; row++) {
      const sleeve = this.sleeves[log.get(row, P_SLEEVE)];
      records.push({ timeMs: log.get(row, P_TIME), sleeve: sleeve.name, symbol: sleeve.symbol, paid: log.get(row, P_PAID) });
    }
    return records;
  }

  /** Each fill's reference price, in the order of fills() (NaN where the fill had none). */
  fillReferencePrices(): number[] {
    const prices: number[] = [];
    for (let row = 0; row < this.fillLog.length; row++) prices.push(this.fillLog.get(row, F_REFERENCE));
    return prices;
  }

  /** Appends a closed trade of sleeve index `sleeve`; `exitReason` is a fillReasonCode. */
  recordTrade(sleeve: number, trade: TradeRow, exitReason: number): void {
    const block = this.tradeLog.append();
    const at = this.tradeLog.offset;
    block[at + T_KEY] = sleeve * 32 + exitReason * 2 + (trade.side > 0 ? 1 : 0);
    block[at + T_QUANTITY] = trade.quantity;
    block[at + T_ENTRY_TIME] = trade.entryTimeMs;
    block[at + T_ENTRY_PRICE] = trade.entryPrice;
    block[at + T_EXIT_TIME] = trade.exitTimeMs;
    block[at + T_EXIT_PRICE] = trade.exitPrice;
    block[at + T_PNL] = trade.pnl;
    block[at + T_FEES] = trade.fees;
    block[at + T_FUNDING] = trade.funding;
    this.tradeCache = undefined;
  }

  private lastPrice = Number.NaN;

  /** Price of the most recent fill (NaN before the first). */
  lastFillPrice(): number {
    return this.lastPrice;
  }

  /** The decisions, in order; empty when the run did not keep them. */
  decisions(): DecisionRecord[] {
    if (this.decisionCache) return this.decisionCache;
    const log = this.decisionLog;
    const records: DecisionRecord[] = [];
    for (let row = 0; row < log.length; row++) {
      records.push({ timeMs: log.get(row, D_TIME), sleeve: this.sleeves[log.get(row, D_SLEEVE)].name, target: log.get(row, D_TARGET), stopDistance: log.get(row, D_STOP) });
    }
    this.decisionCache = records;
    return records;
  }

  /** The fills, in order; empty when the run did not keep them. */
  fills(): FillRecord[] {
    if (this.fillCache) return this.fillCache;
    const log = this.fillLog;
    const records: FillRecord[] = [];
    for (let row = 0; row < log.length; row++) {
      const sleeve = this.sleeves[log.get(row, F_SLEEVE)];
      records.push({
        timeMs: log.get(row, F_TIME),
        sleeve: sleeve.name,
        symbol: sleeve.symbol,
        quantity: log.get(row, F_QUANTITY),
        price: log.get(row, F_PRICE),
        fee: log.get(row, F_FEE),
        reason: FILL_REASONS[log.get(row, F_REASON)],
      });
    }
    this.fillCache = records;
    return records;
  }

  /**
   * The trades' count, winners and gross win and loss, summed in trade order from the log's columns
   * (the same sums as over trades(), without a record per trade: a sweep's run reads only these).
   */
  tradeOutcomes(): { readonly trades: number; readonly wins: number; readonly grossWin: number; readonly grossLoss: number } {
    const log = this.tradeLog;
    let grossWin = 0;
    let grossLoss = 0;
    let wins = 0;
    for (let row = 0; row < log.length; row++) {
      const pnl = log.get(row, T_PNL);
      if (pnl > 0) {
        grossWin += pnl;
        wins++;
      } else grossLoss -= pnl;
    }
    return { trades: log.length, wins, grossWin, grossLoss };
  }

  trades(): TradeRecord[] {
    if (this.tradeCache) return this.tradeCache;
    const log = this.tradeLog;
    const records: TradeRecord[] = [];
    for (let row = 0; row < log.length; row++) {
      const key = log.get(row, T_KEY);
      const sleeve = this.sleeves[Math.floor(key / 32)];
      records.push({
        sleeve: sleeve.name,
        symbol: sleeve.symbol,
        side: key % 2 === 1 ? 1 : -1,
        quantity: log.get(row, T_QUANTITY),
        entryTimeMs: log.get(row, T_ENTRY_TIME),
        entryPrice: log.get(row, T_ENTRY_PRICE),
        exitTimeMs: log.get(row, T_EXIT_TIME),
        exitPrice: log.get(row, T_EXIT_PRICE),
        pnl: log.get(row, T_PNL),
        fees: log.get(row, T_FEES),
        funding: log.get(row, T_FUNDING),
        exitReason: FILL_REASONS[Math.floor((key % 32) / 2)] as TradeRecord['exitReason'],
      });
    }
    this.tradeCache = records;
    return records;
  }
}
