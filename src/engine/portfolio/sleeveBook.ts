import { fundingPayment } from '../../domain/position/fundingFee.ts';
import { isolatedLiquidationPrice } from '../../domain/position/liquidationPrice.ts';
import { StepGrid } from '../../domain/money/stepGrid.ts';
import type { PositionView, Signal, Strategy } from '../../strategy/strategy.ts';
import { BarCursor } from './barCursor.ts';
import type { EngineSettings, SleeveInput } from '../engineSettings.ts';
import type { ExitReason } from '../report/backtestReport.ts';
import { simulatedFillPriceOnGrid } from '../simulated/simulatedFillPrice.ts';
import { isolatedMargin } from '../../domain/position/isolatedMargin.ts';
import { clampTarget } from '../sleeve/clampTarget.ts';
import { checkStrategyTarget } from '../sleeve/checkStrategyTarget.ts';
import { increasesPosition } from '../sleeve/increasesPosition.ts';
import { meetsMinNotional } from '../sleeve/meetsMinNotional.ts';
import { sizeTargetLots, type SleeveSizing } from '../sleeve/sizeTargetLots.ts';
import { stopPriceFromFill } from '../sleeve/stopPriceFromFill.ts';
import { takeProfitPriceFromFill } from '../sleeve/takeProfitPriceFromFill.ts';
import type { Ledger as GenericLedger } from './ledger.ts';
import { fillReasonCode, type FillRow, type RunLog } from './eventLog.ts';
import type { DecisionRecord, FillRecord, TradeRecord } from './runRecords.ts';
import { UNSET } from '../unset.ts';

export type { DecisionRecord, FillRecord, TradeRecord } from './runRecords.ts';
/** The ledger a book writes to: its sleeves are books. */
export type Ledger = GenericLedger<SleeveBook>;

/** An order the engine proposes, as the risk gate sees it. Reused: read it, do not keep it. */
export interface ProposedOrder {
  /** Signed lots: + buy, − sell. */
  deltaLots: number;
  /** Signed quantity (deltaLots × lot step). */
  quantity: number;
  /** Reference price the order is expected to fill near (the bar's open or close). */
  referencePrice: number;
  /** True for orders that only shrink the position toward zero. */
  reduceOnly: boolean;
  timeMs: number;
  /** Stop distance of the signal that caused the order (NaN for none). */
  stopDistance: number;
  /** Model confidence of that signal (NaN for none). */
  confidence: number;
  /** Why the order exists. */
  reason: FillRecord['reason'];
}

/**
 * Decides the quantity an order may have: the seam where the risk engine sits. Every order of every
 * mode passes here before it reaches a venue (the simulated one in backtest and paper).
 */
export interface OrderGate {
  /**
   * Returns the signed lots allowed (same sign as order.deltaLots, |result| ≤ |deltaLots|), 0 when denied.
   * `book` is the sleeve placing it; `book.ledger` reaches the whole portfolio.
   */
  approve(book: SleeveBook, order: ProposedOrder): number;
  /** A trade closed; `trade` is reused for the next one: read it, do not keep it. */
  onTradeClosed(trade: TradeRecord): void;
  /**
   * The size multiplier in force for `book`'s account at `timeMs` (the risk guard's REDUCE 0.5, an
   * approved SCALE_UP 1.5): every new target is scaled by it before sizing. Absent: 1.
   */
  sizeMultiplier?(book: SleeveBook, timeMs: number): number;
}

/**
 * One sleeve's position, resting protective stop and bookkeeping over the simulated venue.
 * Called once per bar per phase (open, intrabar, close); allocates only when an order fills.
 */
export class SleeveBook {
  readonly name: string;
  readonly symbol: string;
  readonly strategyName: string;
  readonly weight: number = Number.NaN;
  readonly lotStep: number = Number.NaN;
  readonly tickSize: number = Number.NaN;
  readonly minNotional: number = Number.NaN;
  /** This sleeve's fee and slippage (its market costs, else the settings'). */
  readonly feeBps: number = Number.NaN;
  readonly slippageBps: number = Number.NaN;
  /** Modelled ask − bid in price units (0 without market costs): market orders pay half of it. */
  readonly spread: number = Number.NaN;
  private readonly halfSpread: number = Number.NaN;
  /** The broker's least stop and take-profit distance in price units (0: none). */
  private readonly minStopDistance: number = Number.NaN;
  private readonly lotGrid: StepGrid;
  private readonly ticks: StepGrid;
  /** The quantity of one lot. */
  private readonly lots1: number = Number.NaN;
  readonly length: number;
  readonly timeMs: Float64Array;
  readonly openPrice: Float64Array;
  readonly highPrice: Float64Array;
  readonly lowPrice: Float64Array;
  readonly closePrice: Float64Array;
  readonly volume: Float64Array;

  /** Index of the next bar of this sleeve to process. */
  cursor = 0;
  /** Signed position in whole lots. */
  lots = 0;
  /** Signed position as a quantity (lots × lot step), kept in step with `lots`. */
  positionQuantity = Number.NaN;
  /** Realized PnL after fees and funding. */
  netPnl = Number.NaN;
  entryPrice = Number.NaN;
  stopPrice = Number.NaN;
  /** The resting take-profit level set at entry from the fill price; NaN for none. */
  takeProfitPrice = Number.NaN;
  liquidationPrice = Number.NaN;
  /**
   * A bar whose low reaches this level hits the long's stop or liquidation, or the short's take-profit
   * (−∞ when none applies).
   */
  exitBelow = Number.NEGATIVE_INFINITY;
  /** A bar whose high reaches this level hits the short's stop or liquidation, or the long's take-profit (+∞ when none applies). */
  exitAbove = Number.POSITIVE_INFINITY;
  lastPrice = Number.NaN;
  pendingTarget = UNSET;
  pendingStopDistance = Number.NaN;
  pendingTakeProfitDistance = Number.NaN;

  /**
   * What the strategy is shown of its position: a separate object, so a strategy holding it cannot
   * reach this book's price columns (and through them later bars).
   */
  readonly position: { -readonly [K in keyof PositionView]: PositionView[K] } = { side: 0, target: Number.NaN, barsHeld: 0 };

  realizedPnl = Number.NaN;
  feesPaid = Number.NaN;
  fundingPaid = Number.NaN;
  skippedOrders = 0;
  tradeCount = 0;
  winningTrades = 0;
  barsInMarket = 0;

  private tradeSide = 0;
  private tradeEntryTimeMs = Number.NaN;
  private tradeMaxLots = 0;
  private tradeRealized = Number.NaN;
  private tradeFees = Number.NaN;
  private tradeFunding = Number.NaN;

  private readonly strategy: Strategy;
  private readonly bar: BarCursor;
  private readonly signal: Signal = { target: Number.NaN, stopDistance: Number.NaN, takeProfitDistance: Number.NaN, confidence: Number.NaN };
  private readonly proposed: ProposedOrder = {
    deltaLots: 0,
    quantity: Number.NaN,
    referencePrice: Number.NaN,
    reduceOnly: false,
    timeMs: Number.NaN,
    stopDistance: Number.NaN,
    confidence: Number.NaN,
    reason: 'entry',
  };
  /** Confidence of the signal behind the pending order (NaN for none). */
  pendingConfidence = Number.NaN;
  // The order being worked and the fill being applied live in fields, not arguments: a double passed
  // to a call that is not inlined is boxed, and the order path is a chain of such calls.
  /** Target, reference price (the bar's open or close, or a stop level) and time of the order being worked. */
  private orderTarget = Number.NaN;
  private orderPrice = Number.NaN;
  private orderTimeMs = Number.NaN;
  /** Equity the order was sized with. */
  private orderEquity = Number.NaN;
  /** What a market order at `orderPrice` fills at (see expectFillPrice). */
  private expectedFillPrice = Number.NaN;
  /** The fill being applied (price and time set before applyFill, quantity and fee by it); then the last fill. */
  private readonly fill: { -readonly [K in keyof FillRow]: FillRow[K] } = { timeMs: Number.NaN, quantity: Number.NaN, price: Number.NaN, fee: Number.NaN, referencePrice: Number.NaN };
  private readonly sizing: { -readonly [K in keyof SleeveSizing]: SleeveSizing[K] } = {
    target: Number.NaN,
    sleeveWeight: Number.NaN,
    equity: Number.NaN,
    leverage: Number.NaN,
    price: Number.NaN,
    lotStep: Number.NaN,
    stopDistance: Number.NaN,
    referencePrice: Number.NaN,
    slippageBps: Number.NaN,
  };
  /** The pending close was ordered by the risk engine, not the strategy. */
  private riskExitPending = false;

  private readonly fundingTimes: Float64Array | undefined;
  private readonly fundingRates: Float64Array | undefined;
  private fundingIndex = 0;
  /** Next funding time (epoch ms); the kernel calls onOpen early only when it or a pending order is due. */
  nextFundingMs = Number.POSITIVE_INFINITY;
  private readonly markTimes: Float64Array | undefined;
  private readonly markOpens: Float64Array | undefined;
  private markIndex = 0;

  /** The closed trade handed to the gate; reused for every trade of this sleeve. */
  private readonly closedTrade: {
    -readonly [K in keyof TradeRecord]: TradeRecord[K];
  };

  constructor(
    input: SleeveInput,
    /** Position of the sleeve in the portfolio (its index in the run log). */
    readonly index: number,
    private readonly settings: EngineSettings,
    readonly ledger: Ledger,
    private readonly gate: OrderGate,
    private readonly log: RunLog,
    /** Decisions at closes before this time only warm the strategy up: they place no order. */
    private readonly tradeFromMs: number = Number.NEGATIVE_INFINITY,
  ) {
    this.name = input.name;
    this.symbol = input.symbol;
    this.strategyName = input.strategyName;
    this.weight = input.weight;
    this.strategy = input.strategy;
    // Fields that will hold fractions, prices and money are declared as NaN (a double) and zeroed
    // here: declared as 0 they would start as small integers and change representation at the first
    // fill, throwing away the optimised code of every function that had read them.
    this.positionQuantity = this.netPnl = this.entryPrice = this.realizedPnl = this.feesPaid = this.fundingPaid = 0;
    this.tradeEntryTimeMs = this.tradeRealized = this.tradeFees = this.tradeFunding = 0;
    this.position.target = this.signal.target = 0;
    // Numeric fields start as doubles (NaN) so their representation never changes.
    this.closedTrade = {
      sleeve: input.name,
      symbol: input.symbol,
      side: Number.NaN,
      quantity: Number.NaN,
      entryTimeMs: Number.NaN,
      entryPrice: Number.NaN,
      exitTimeMs: Number.NaN,
      exitPrice: Number.NaN,
      pnl: Number.NaN,
      fees: Number.NaN,
      funding: Number.NaN,
      exitReason: 'signal',
    };
    this.lotStep = input.filters.lotStep;
    this.sizing.sleeveWeight = input.weight;
    this.sizing.leverage = settings.leverage;
    this.sizing.lotStep = input.filters.lotStep;
    this.feeBps = input.costs?.feeBps ?? settings.feeBps;
    this.slippageBps = input.costs?.slippageBps ?? settings.slippageBps;
    this.spread = input.costs?.spread ?? 0;
    this.halfSpread = this.spread / 2;
    this.minStopDistance = input.costs?.minStopDistance ?? 0;
    this.sizing.slippageBps = this.slippageBps;
    this.tickSize = input.filters.tickSize;
    this.lotGrid = new StepGrid(this.lotStep);
    this.ticks = new StepGrid(this.tickSize);
    this.lots1 = this.lotGrid.toValue(1);
    this.minNotional = input.filters.minNotional;
    const candles = input.candles;
    this.length = candles.length;
    this.timeMs = candles.time;
    this.openPrice = candles.open;
    this.highPrice = candles.high;
    this.lowPrice = candles.low;
    this.closePrice = candles.close;
    this.volume = candles.volume;
    this.bar = new BarCursor(candles);
    if (input.mark) {
      this.markTimes = input.mark.time;
      this.markOpens = input.mark.open;
    }
    if (settings.funding.enabled) {
      if (input.funding && input.funding.length > 0) {
        this.fundingTimes = input.funding.time;
        this.fundingRates = input.funding.rate;
        this.nextFundingMs = input.funding.time[0];
      } else if (settings.funding.constantRate !== 0 && candles.length > 0) {
        const interval = settings.funding.intervalMs;
        this.nextFundingMs = Math.ceil(candles.time[0] / interval) * interval;
      }
    }
  }

  /** Unrealized PnL at the last seen price. */
  unrealizedPnl(): number {
    return this.positionQuantity * (this.lastPrice - this.entryPrice);
  }

  /** Isolated margin locked by the position. */
  margin(): number {
    return isolatedMargin(this.positionQuantity, this.entryPrice, this.settings.leverage);
  }

  /** Open of bar `i`: funding due up to its time, then the order decided at the previous close. */
  onOpen(i: number): void {
    const timeMs = this.timeMs[i];
    const open = this.openPrice[i];
    if (timeMs >= this.nextFundingMs) this.chargeFunding(i);
    this.lastPrice = open;
    if (this.pendingTarget === this.pendingTarget) {
      this.orderTarget = this.pendingTarget;
      this.pendingTarget = UNSET;
      this.orderPrice = open;
      this.orderTimeMs = timeMs;
      this.executeTarget();
    }
  }

  /** Between open and close: the resting stop and the liquidation price against the bar's range. */
  onIntrabar(i: number): void {
    // Flat, both levels are infinite; a long's stop is below and its take-profit above, a short's the reverse.
    if (this.lowPrice[i] <= this.exitBelow || this.highPrice[i] >= this.exitAbove) this.exitIntrabar(i);
  }

  private exitIntrabar(i: number): void {
    if (this.takeProfitPrice === this.takeProfitPrice && this.takeProfitFirst(i)) {
      this.exitAtTakeProfit(i);
      return;
    }
    const open = this.openPrice[i];
    const stop = this.stopPrice;
    const liquidation = this.liquidationPrice;
    if (this.lots > 0) {
      const stopHit = this.lowPrice[i] <= stop;
      const stopFill = stopHit ? Math.min(open, stop) : Number.NaN;
      if (this.lowPrice[i] <= liquidation && !(stopFill > liquidation)) this.liquidate(i);
      else {
        this.orderPrice = stopFill;
        this.exitAtStop(i);
      }
    } else {
      const stopHit = this.highPrice[i] >= stop;
      const stopFill = stopHit ? Math.max(open, stop) : Number.NaN;
      if (this.highPrice[i] >= liquidation && !(stopFill < liquidation)) this.liquidate(i);
      else {
        this.orderPrice = stopFill;
        this.exitAtStop(i);
      }
    }
  }

  /**
   * Whether bar `i`, which reached the take-profit level or a stop level, exits at the take-profit: a
   * gap through the take-profit fills it at the open; a gap through the stop (or liquidation) takes the
   * stop; a bar whose range touches both takes the stop unless `intrabarExitOrder` is
   * `take_profit_first` (bars do not tell which came first; the stop is the conservative reading).
   */
  private takeProfitFirst(i: number): boolean {
    const open = this.openPrice[i];
    const takeProfit = this.takeProfitPrice;
    const long = this.lots > 0;
    const takeProfitHit = long ? this.highPrice[i] >= takeProfit : this.lowPrice[i] <= takeProfit;
    if (!takeProfitHit) return false;
    const stopLevel = long ? Math.max(this.stopPrice === this.stopPrice ? this.stopPrice : Number.NEGATIVE_INFINITY, this.liquidationPrice === this.liquidationPrice ? this.liquidationPrice : Number.NEGATIVE_INFINITY) : Math.min(this.stopPrice === this.stopPrice ? this.stopPrice : Number.POSITIVE_INFINITY, this.liquidationPrice === this.liquidationPrice ? this.liquidationPrice : Number.POSITIVE_INFINITY);
    const stopHit = long ? this.lowPrice[i] <= stopLevel : this.highPrice[i] >= stopLevel;
    if (!stopHit) return true;
    if (long ? open >= takeProfit : open <= takeProfit) return true;
    if (long ? open <= stopLevel : open >= stopLevel) return false;
    return this.settings.intrabarExitOrder === 'take_profit_first';
  }

  /**
   * The resting take-profit (a reduce-only limit order) fills at bar `i`: at its level, or at the open
   * when the bar gapped past it; a limit order takes no slippage.
   */
  private exitAtTakeProfit(i: number): void {
    const open = this.openPrice[i];
    const takeProfit = this.takeProfitPrice;
    this.fill.price = this.lots > 0 ? Math.max(open, takeProfit) : Math.min(open, takeProfit);
    this.fill.timeMs = this.timeMs[i];
    this.applyFill(-this.lots, 'take_profit');
    this.position.target = 0;
  }

  /** Recomputes the intrabar exit levels after the position, its stop, take-profit or liquidation price changed. */
  private updateExitLevels(): void {
    const stop = this.stopPrice;
    const liquidation = this.liquidationPrice;
    const takeProfit = this.takeProfitPrice;
    if (this.lots > 0) {
      this.exitBelow = Math.max(stop === stop ? stop : Number.NEGATIVE_INFINITY, liquidation === liquidation ? liquidation : Number.NEGATIVE_INFINITY);
      this.exitAbove = takeProfit === takeProfit ? takeProfit : Number.POSITIVE_INFINITY;
    } else if (this.lots < 0) {
      this.exitBelow = takeProfit === takeProfit ? takeProfit : Number.NEGATIVE_INFINITY;
      this.exitAbove = Math.min(stop === stop ? stop : Number.POSITIVE_INFINITY, liquidation === liquidation ? liquidation : Number.POSITIVE_INFINITY);
    } else {
      this.exitBelow = Number.NEGATIVE_INFINITY;
      this.exitAbove = Number.POSITIVE_INFINITY;
    }
  }

  /** Close of bar `i`: the strategy decides; a changed target is executed now or at the next open. */
  onClose(i: number): void {
    // The kernel has already marked the book at this close (lastPrice).
    if (this.lots !== 0) {
      this.position.barsHeld++;
      this.barsInMarket++;
    }
    const bar = this.bar;
    bar.moveTo(i);
    const signal = this.signal;
    const preset = (signal.target = this.position.target);
    signal.stopDistance = Number.NaN;
    signal.takeProfitDistance = Number.NaN;
    signal.confidence = Number.NaN;
    this.strategy.onBar(bar, this.position, signal);
    const target = signal.target;
    // Fail closed on a target outside [-1, 1] or a NaN the strategy wrote; two compares on the common path.
    if (!(target >= -1 && target <= 1)) checkStrategyTarget(target, preset, this.name, this.strategyName, this.timeMs[i]);
    // The common case, nothing to do: the same target and no order pending.
    if (target === this.position.target && this.pendingTarget !== this.pendingTarget) return;
    if (target === target) this.onTargetChanged(i);
  }

  /** The strategy's signal at the close of bar `i` changed the target. */
  private onTargetChanged(i: number): void {
    const requested = this.signal.target;
    const stopDistance = this.signal.stopDistance;
    const timeMs = this.timeMs[i];
    const target = clampTarget(requested, this.settings.allowShort);
    // The pending test first: it runs on every call, so the position's target, read only when it
    // passes, has type feedback before the first clipped or repeated target (a risk halt) reaches here.
    if (this.pendingTarget !== this.pendingTarget && target === this.position.target) return;
    // A close ordered by the risk engine is not overridden by the strategy before it executes.
    if (this.riskExitPending) return;
    if (timeMs < this.tradeFromMs) return;
    this.log.recordDecision(this.index, timeMs, target, stopDistance);
    this.pendingConfidence = this.signal.confidence;
    this.pendingStopDistance = stopDistance;
    this.pendingTakeProfitDistance = this.signal.takeProfitDistance;
    if (this.settings.tradeOn === 'close') {
      this.orderTarget = target;
      this.orderPrice = this.closePrice[i];
      this.orderTimeMs = timeMs;
      this.executeTarget();
    } else {
      this.pendingTarget = target;
    }
  }

  /**
   * The risk engine halted trading: close the position with a reduce-only market order at the next
   * open (the same path as any decision taken at a close), its exit marked `risk`.
   */
  flattenForRisk(timeMs: number): void {
    if (this.lots === 0 && this.pendingTarget !== this.pendingTarget) return;
    this.pendingTarget = 0;
    this.pendingStopDistance = Number.NaN;
    this.pendingTakeProfitDistance = Number.NaN;
    this.pendingConfidence = Number.NaN;
    this.riskExitPending = true;
    this.log.recordDecision(this.index, timeMs, 0, Number.NaN);
  }

  /** Closes the position at `price` without slippage (end of data, account bust). */
  closeAt(price: number, timeMs: number, reason: ExitReason): void {
    if (this.lots === 0) return;
    this.fill.price = price;
    this.fill.referencePrice = Number.NaN;
    this.fill.timeMs = timeMs;
    this.applyFill(-this.lots, reason);
    this.position.target = 0;
  }

  /** Moves the position to `orderTarget` at `orderPrice` and `orderTimeMs`: a closing order first when the side changes. */
  private executeTarget(): void {
    const target = this.orderTarget;
    this.position.target = target;
    if (this.lots !== 0 && (target === 0 || Math.sign(target) !== Math.sign(this.lots))) {
      this.marketOrder(-this.lots, this.riskExitPending ? 'risk' : target === 0 ? 'signal' : 'reverse', true);
    }
    this.riskExitPending = false;
    if (target === 0) return;
    const sizing = this.sizing;
    // Asked only when a target changes (not per bar), as the live runner scales each new target.
    sizing.target = this.gate.sizeMultiplier === undefined ? target : target * this.gate.sizeMultiplier(this, this.orderTimeMs);
    sizing.equity = this.orderEquity = this.ledger.equity();
    // Sized at the price the order is expected to fill at: the reference moved by slippage.
    sizing.referencePrice = this.orderPrice;
    sizing.stopDistance = this.pendingStopDistance;
    const wanted = sizeTargetLots(this.settings.sizing, sizing, this.ticks);
    let delta = wanted - this.lots;
    if (delta === 0) return;
    const increasing = increasesPosition(this.lots, wanted);
    if (increasing && this.belowMinStopDistance()) {
      this.skippedOrders++;
      return;
    }
    if (increasing) delta = this.fitToFreeMargin(delta);
    const filled = this.marketOrder(delta, this.lots === 0 ? 'entry' : 'adjust', !increasing);
    const stopDistance = this.pendingStopDistance;
    if (filled && increasing && stopDistance > 0) {
      this.stopPrice = stopPriceFromFill(this.fill.price, Math.sign(this.lots), stopDistance);
      this.updateExitLevels();
    }
    const takeProfitDistance = this.pendingTakeProfitDistance;
    if (filled && increasing && takeProfitDistance > 0) {
      this.takeProfitPrice = takeProfitPriceFromFill(this.fill.price, Math.sign(this.lots), takeProfitDistance);
      this.updateExitLevels();
    }
  }

  /** A stop or take-profit closer than the broker accepts: the entry is skipped (the runbook: widen the multipliers). */
  private belowMinStopDistance(): boolean {
    const least = this.minStopDistance;
    if (!(least > 0)) return false;
    const stop = this.pendingStopDistance;
    const takeProfit = this.pendingTakeProfitDistance;
    return (stop > 0 && stop < least) || (takeProfit > 0 && takeProfit < least);
  }

  /**
   * Shrinks a risk-increasing order to the margin the account still has free at `orderEquity` (a
   * venue would reject it): to the whole lots that fit, none when not even one does (or the figures
   * are not numbers). The comparisons use the fractional room, never its floor: a whole number of lots
   * past 2^31 (a large account, a cheap coin) would otherwise deoptimise the order path mid-run.
   */
  private fitToFreeMargin(deltaLots: number): number {
    const free = this.orderEquity - this.ledger.lockedMargin();
    const perLotMargin = (this.lots1 * this.orderPrice) / this.settings.leverage;
    const roomLots = free / (perLotMargin * (1 + this.feeBps / 10_000));
    if (!(roomLots >= 1)) return 0;
    return Math.abs(deltaLots) > roomLots ? Math.sign(deltaLots) * Math.floor(roomLots) : deltaLots;
  }

  /** A market order at `orderPrice` and `orderTimeMs` through the gate and the simulated venue; returns whether it filled. */
  private marketOrder(deltaLots: number, reason: FillRecord['reason'], reduceOnly: boolean): boolean {
    if (deltaLots === 0) return false;
    const referencePrice = this.orderPrice;
    const timeMs = this.orderTimeMs;
    const order = this.proposed;
    order.deltaLots = deltaLots;
    order.quantity = this.lotGrid.toValue(deltaLots);
    order.referencePrice = referencePrice;
    order.reduceOnly = reduceOnly;
    order.timeMs = timeMs;
    order.stopDistance = reduceOnly ? Number.NaN : this.pendingStopDistance;
    order.confidence = reduceOnly ? Number.NaN : this.pendingConfidence;
    order.reason = reason;
    const approved = this.gate.approve(this, order);
    if (approved === 0) return false;
    this.expectFillPrice(Math.sign(approved));
    const price = this.expectedFillPrice;
    // Reduce-only orders are exempt from the minimum notional, as on Binance (-4164 "unless reduce only").
    if (!meetsMinNotional(this.lotGrid.toValue(approved), price, this.minNotional, reduceOnly)) {
      this.skippedOrders++;
      return false;
    }
    this.fill.price = price;
    this.fill.referencePrice = referencePrice;
    this.fill.timeMs = timeMs;
    this.applyFill(approved, reason);
    return true;
  }

  /**
   * The price a market order on `side` (+1 buy, −1 sell) at `orderPrice` fills at, slippage and then
   * the tick grid, into `expectedFillPrice`: stored, not returned, because a double returned from a
   * call that is not inlined is boxed, and this runs for every order.
   */
  private expectFillPrice(side: number): void {
    // Bars are mid prices: a market order crosses half the spread, then slips.
    this.expectedFillPrice = simulatedFillPriceOnGrid(this.orderPrice + side * this.halfSpread, side, this.slippageBps, this.ticks);
  }

  /** The resting stop fills at bar `i`, at `orderPrice` (the stop level or a gap past it) moved by slippage. */
  private exitAtStop(i: number): void {
    this.expectFillPrice(-Math.sign(this.lots));
    this.fill.price = this.expectedFillPrice;
    this.fill.referencePrice = this.orderPrice;
    this.fill.timeMs = this.timeMs[i];
    this.applyFill(-this.lots, 'stop');
    this.position.target = 0;
  }

  private liquidate(i: number): void {
    // The venue's liquidation price sits on the tick grid.
    this.fill.price = this.ticks.toValue(Math.round(this.liquidationPrice / this.tickSize));
    this.fill.referencePrice = Number.NaN;
    this.fill.timeMs = this.timeMs[i];
    this.applyFill(-this.lots, 'liquidation');
    this.position.target = 0;
    this.ledger.liquidations++;
  }

  /** Funding due up to the open of bar i. */
  private chargeFunding(i: number): void {
    const timeMs = this.timeMs[i];
    const times = this.fundingTimes;
    if (times !== undefined) {
      while (this.fundingIndex < times.length && times[this.fundingIndex] <= timeMs) {
        this.payFunding(this.fundingIndex, i);
        this.fundingIndex++;
      }
      this.nextFundingMs = this.fundingIndex < times.length ? times[this.fundingIndex] : Number.POSITIVE_INFINITY;
    } else {
      const interval = this.settings.funding.intervalMs;
      while (this.nextFundingMs <= timeMs) {
        this.payFunding(-1, i);
        this.nextFundingMs += interval;
      }
    }
  }

  /**
   * Pays funding time `event` (an index into the funding series; -1 for the constant rate due at
   * nextFundingMs) on the position held at the open of bar i. Only indices cross this call: a double
   * passed to a call that is not inlined is boxed, and this runs at every funding time of a run.
   */
  private payFunding(event: number, i: number): void {
    if (this.lots === 0) return;
    const fundingMs = event < 0 ? this.nextFundingMs : (this.fundingTimes as Float64Array)[event];
    const rate = event < 0 ? this.settings.funding.constantRate : (this.fundingRates as Float64Array)[event];
    // Marked at the mark candle's open at the funding time, else at this bar's open when the funding
    // time is the bar's time, else at the last price seen (funding fell between two bars).
    let mark = fundingMs === this.timeMs[i] || !(this.lastPrice === this.lastPrice) ? this.openPrice[i] : this.lastPrice;
    const markTimes = this.markTimes;
    if (markTimes !== undefined) {
      while (this.markIndex < markTimes.length && markTimes[this.markIndex] < fundingMs) this.markIndex++;
      if (this.markIndex < markTimes.length && markTimes[this.markIndex] === fundingMs) mark = (this.markOpens as Float64Array)[this.markIndex];
    }
    const paid = fundingPayment(this.positionQuantity, mark, rate);
    this.log.recordFunding(this.index, fundingMs, paid);
    this.ledger.cash -= paid;
    this.fundingPaid += paid;
    this.netPnl -= paid;
    this.tradeFunding += paid;
  }

  /** Applies a fill of `deltaLots` at `fill.price` and `fill.time` to the position, the cash and the logs. */
  private applyFill(deltaLots: number, reason: FillRecord['reason']): void {
    const fill = this.fill;
    const price = fill.price;
    const timeMs = fill.timeMs;
    const quantity = this.lotGrid.toValue(deltaLots);
    const fee = (Math.abs(quantity) * price * this.feeBps) / 10_000;
    fill.quantity = quantity;
    fill.fee = fee;
    this.ledger.cash -= fee;
    this.feesPaid += fee;
    this.netPnl -= fee;
    this.log.recordFill(this.index, fill, fillReasonCode(reason));
    const before = this.lots;
    if (before === 0) {
      this.tradeSide = Math.sign(deltaLots);
      this.tradeEntryTimeMs = timeMs;
      this.tradeMaxLots = 0;
      this.tradeRealized = 0;
      this.tradeFees = 0;
      this.tradeFunding = 0;
      this.entryPrice = price;
      this.position.barsHeld = 0;
      this.stopPrice = Number.NaN;
      this.takeProfitPrice = Number.NaN;
    } else if (Math.sign(deltaLots) === Math.sign(before)) {
      this.entryPrice = (Math.abs(before) * this.entryPrice + Math.abs(deltaLots) * price) / Math.abs(before + deltaLots);
    } else {
      const realized = -quantity * (price - this.entryPrice);
      this.ledger.cash += realized;
      this.realizedPnl += realized;
      this.netPnl += realized;
      this.tradeRealized += realized;
    }
    this.tradeFees += fee;
    this.lots = before + deltaLots;
    this.positionQuantity = this.lotGrid.toValue(this.lots);
    const absLots = Math.abs(this.lots);
    if (absLots > this.tradeMaxLots) this.tradeMaxLots = absLots;
    this.position.side = Math.sign(this.lots);
    if (this.lots === 0) {
      this.stopPrice = Number.NaN;
      this.takeProfitPrice = Number.NaN;
      this.liquidationPrice = Number.NaN;
      this.position.barsHeld = 0;
      this.closeTrade(reason === 'entry' || reason === 'adjust' ? 'signal' : reason);
    } else if (this.settings.liquidation) {
      this.liquidationPrice = isolatedLiquidationPrice(this.position.side, this.entryPrice, this.settings.leverage, this.settings.maintenanceMarginRate);
    }
    this.updateExitLevels();
  }

  /** The position is flat after the fill in `fill`: the trade ends at its time and price. */
  private closeTrade(exitReason: ExitReason): void {
    const pnl = this.tradeRealized - this.tradeFees - this.tradeFunding;
    const trade = this.closedTrade;
    trade.side = this.tradeSide;
    trade.quantity = this.lotGrid.toValue(this.tradeMaxLots);
    trade.entryTimeMs = this.tradeEntryTimeMs;
    trade.entryPrice = this.entryPrice;
    trade.exitTimeMs = this.fill.timeMs;
    trade.exitPrice = this.fill.price;
    trade.pnl = pnl;
    trade.fees = this.tradeFees;
    trade.funding = this.tradeFunding;
    trade.exitReason = exitReason;
    this.log.recordTrade(this.index, trade, fillReasonCode(exitReason));
    this.tradeCount++;
    if (pnl > 0) this.winningTrades++;
    this.gate.onTradeClosed(trade);
  }
}
