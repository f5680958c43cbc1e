import { floorToLots } from '../../domain/money/stepRounding.ts';
import {
  increasesExposure,
  TradingState,
  TradingStateTrigger,
  type CapitalProfile,
  type EmergencyStop,
  type MarketSnapshot,
  type OrderIntent,
  type PositionSnapshot,
  type RiskDecision,
  type RiskDenial,
  type RiskEngine,
  type RiskSnapshot,
  type SleeveReturns,
  type TradingStateChanged,
} from '../../risk/index.ts';
import type { EquityObserver } from '../backtest/runBacktestKernel.ts';
import type { Ledger, OrderGate, ProposedOrder, SleeveBook, TradeRecord } from '../portfolio/sleeveBook.ts';
import type { ManualRiskCommand, RiskDenialRecord, RiskGateSummary, RiskResizeRecord } from './riskGateRecords.ts';
import { trailingAtr } from './trailingAtr.ts';
import { writeEquityReferences } from './equityReferences.ts';
import { venueRiskSnapshot, type VenueRiskInput } from './venueRiskSnapshot.ts';

/**
 * What the gate answered for an order on a venue account: the whole lots it may have (0 when denied),
 * the denial or resize it recorded, and the trading-state changes the check caused (a throttle breach
 * halts the account): the caller acts on them as the kernel does (a HALT flattens).
 */
export interface VenueOrderVerdict {
  readonly lots: number;
  readonly denial: RiskDenialRecord | undefined;
  readonly resize: RiskResizeRecord | undefined;
  readonly stateChanges: readonly TradingStateChanged[];
}

/** A sleeve of the run as the gate needs it: which account it trades on and its share of the capital. */
export interface RiskGateSleeve {
  readonly name: string;
  readonly account: string;
  readonly weight: number;
}

export interface RiskGateOptions {
  /** Every sleeve of the run; a sleeve the gate does not know trades on DEFAULT_ACCOUNT. */
  readonly sleeves: readonly RiskGateSleeve[];
  readonly initialCapital: number;
  /** The venue leverage setting of every symbol (the engine's isolated-margin leverage). */
  readonly leverage: number;
  /** Kills and resets to apply when the run reaches their time; any order. */
  readonly manualCommands?: readonly ManualRiskCommand[];
  /** Most denials and resizes kept in detail (all are counted). */
  readonly maxRecords?: number;
  /**
   * The spread model of a run on bars (which carry no order book): best ask minus best bid as bps of
   * the bar's close, the spread guardrail's input. Absent: the spread is unknown and that check skips.
   */
  readonly spreadBps?: number;
  /**
   * A backtest's model of the operator: an account halted by an automatic trigger (a daily-breach
   * lock, the total-loss stop) is reset this long after the halt, as a person would after reading the
   * post-mortem. Absent: it stays HALTED to the end of the run, as live does without a person. Paper
   * and live never get one.
   */
  readonly modelledResetAfterMs?: number;
}

export const DEFAULT_ACCOUNT = 'default';
const DEFAULT_MAX_RECORDS = 1_000;

/** One account of the run: its emergency stop, its sleeves and its share of the starting capital. */
interface AccountBook {
  readonly name: string;
  readonly stop: EmergencyStop;
  readonly sleeveNames: readonly string[];
  /** Initial capital times the account's share of the sleeve weights. */
  readonly capital: number;
  books: SleeveBook[];
  /** Distinct symbols > 1: the correlation limit has something to compare. */
  manySymbols: boolean;
  wasHalted: boolean;
  /** The account's snapshot, rebuilt in place for every order check (no allocation per order). */
  scratch?: ScratchSnapshot;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface ScratchSnapshot {
  readonly snapshot: Mutable<RiskSnapshot>;
  readonly positions: Record<string, Mutable<PositionSnapshot>>;
  /** The same position objects as a list, to reset them without enumerating keys. */
  readonly positionList: Mutable<PositionSnapshot>[];
  readonly markets: Record<string, Mutable<MarketSnapshot>>;
}

/**
 * The risk engine on the engine's order path: `approve` turns each proposed order into an
 * OrderIntent and the portfolio into a RiskSnapshot, asks the RiskEngine (`checkAdmission`, then
 * `checkAdmitted`: together `check`) and answers in whole lots; `onEquity` feeds each account's
 * emergency stop and flattens the accounts just HALTED. With one account the kernel shows it only
 * the bars outside the stop's quiet band (a new UTC day or command, equity at a floor or above the
 * peak, a transition to act on), so most bars cost three comparisons; snapshots, ATR and return
 * histories are built only when an order is checked.
 */
export class RiskGate implements OrderGate, EquityObserver {
  private readonly accounts: AccountBook[] = [];
  private readonly accountBySleeve = new Map<string, AccountBook>();
  /** Set when the run has one account: the per-bar path then skips the per-account sums. */
  private readonly single: AccountBook | undefined;
  private readonly commands: ManualRiskCommand[];
  private commandIndex = 0;
  // Read on every bar: declared as numbers (a double, a small integer) rather than bare, which would
  // store them tagged and type-check every read.
  private nextCommandMs = Number.POSITIVE_INFINITY;
  private readonly modelledResetAfterMs: number = Number.NaN;
  private seenEvents = 0;
  // The quiet band the kernel reads every bar (see EquityObserver): the one account's stop's band,
  // cut at the next manual command. With several accounts, or after a transition this gate has not
  // shown the engine yet, every bar is shown.
  quietUntilMs = Number.NEGATIVE_INFINITY;
  quietLowEquity = Number.POSITIVE_INFINITY;
  quietHighEquity = Number.NEGATIVE_INFINITY;
  private ledger: Ledger | undefined;
  private readonly maxRecords: number;
  /** NaN without a spread model. */
  private readonly spreadBps: number;
  private readonly denials: RiskDenialRecord[] = [];
  private readonly resizes: RiskResizeRecord[] = [];
  /** Denials counted per code, in the order the codes first appeared (the report's order). */
  private readonly denialCounters = new Map<string, { readonly code: string; count: number }>();
  /**
   * The counter of the last denial's code: a halted account's refusals all share one code, and
   * counting them through a keyed property (megamorphic across codes) cost more than the check.
   */
  private lastDenialCounter: { readonly code: string; count: number } | undefined = undefined;
  private readonly resizesByReason: Record<string, number> = {};
  private denialCount = 0;
  private resizeCount = 0;
  private readonly returnBuffers = new Map<string, Float64Array>();
  /** The account of each book of the bound ledger, by book index. */
  private bookAccounts: AccountBook[] = [];
  private readonly intent: Mutable<OrderIntent> = {
    account: '',
    sleeve: '',
    symbol: '',
    strategy: '',
    side: 'buy',
    quantity: Number.NaN,
    price: Number.NaN,
    reduceOnly: false,
    stopDistance: Number.NaN,
    confidence: Number.NaN,
    timeMs: Number.NaN,
  };

  constructor(
    readonly engine: RiskEngine,
    private readonly options: RiskGateOptions,
  ) {
    const totalWeight = options.sleeves.reduce((sum, sleeve) => sum + sleeve.weight, 0);
    const names = [...new Set(options.sleeves.map((sleeve) => sleeve.account))];
    if (names.length === 0) names.push(DEFAULT_ACCOUNT);
    for (const name of names) {
      const sleeves = options.sleeves.filter((sleeve) => sleeve.account === name);
      const weight = sleeves.reduce((sum, sleeve) => sum + sleeve.weight, 0);
      const account: AccountBook = {
        name,
        stop: engine.emergencyStop(name),
        sleeveNames: sleeves.map((sleeve) => sleeve.name),
        capital: names.length === 1 || totalWeight <= 0 ? options.initialCapital : (options.initialCapital * weight) / totalWeight,
        books: [],
        manySymbols: false,
        wasHalted: engine.tradingState(name) === TradingState.HALTED,
      };
      this.accounts.push(account);
      for (const sleeve of sleeves) this.accountBySleeve.set(sleeve.name, account);
    }
    this.single = this.accounts.length === 1 ? this.accounts[0] : undefined;
    this.commands = [...(options.manualCommands ?? [])].sort((a, b) => a.timeMs - b.timeMs);
    this.nextCommandMs = this.commands.length > 0 ? this.commands[0].timeMs : Number.POSITIVE_INFINITY;
    this.seenEvents = engine.states.events.length;
    this.maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
    this.spreadBps = options.spreadBps ?? Number.NaN;
    this.modelledResetAfterMs = options.modelledResetAfterMs ?? Number.NaN;
  }

  approve(book: SleeveBook, order: ProposedOrder): number {
    const lots = this.decide(book, order);
    // A throttle breach or a command may have moved a trading state: the next bar is shown to onEquity.
    if (this.engine.states.events.length !== this.seenEvents) this.quietUntilMs = Number.NEGATIVE_INFINITY;
    return lots;
  }

  /**
   * An order on a venue account (the live runner): the same risk engine check, denial and resize
   * records, counters and trading-state events as an order of the kernel's books, against the snapshot
   * of the venue account (venueRiskSnapshot, with the account's emergency-stop references).
   * `intent.quantity` is the asked size in base units; the answer is in whole lots of `lotStep`.
   */
  checkVenueOrder(intent: OrderIntent, venue: VenueRiskInput, lotStep: number): VenueOrderVerdict {
    const eventsBefore = this.engine.states.events.length;
    const snapshot = venueRiskSnapshot(venue, this.engine.emergencyStop(intent.account), this.options.leverage);
    const decision = this.engine.check(intent, snapshot);
    const stateChanges = this.engine.states.events.slice(eventsBefore);
    const askedLots = floorToLots(intent.quantity, lotStep);
    if (decision.kind === 'approved') return { lots: askedLots, denial: undefined, resize: undefined, stateChanges };
    if (decision.kind === 'denied') {
      const record = denialRecord(decision.denial, intent, intent.sleeve, intent.account);
      this.countDenial(record.code);
      if (this.denials.length < this.maxRecords) this.denials.push(record);
      return { lots: 0, denial: record, resize: undefined, stateChanges };
    }
    const lots = Math.min(floorToLots(decision.quantity, lotStep), askedLots);
    return { lots, denial: undefined, resize: this.recordResize(decision, intent, intent.sleeve, lots), stateChanges };
  }

  private decide(book: SleeveBook, order: ProposedOrder): number {
    if (this.ledger !== book.ledger) this.bindLedger(book.ledger);
    if (order.timeMs >= this.nextCommandMs) this.applyCommands(order.timeMs, book.ledger.equity());
    // By the book's index once the ledger is bound (every order after the first): no map lookup per order.
    const account = this.bookAccounts[book.index] ?? this.accountOf(book.name);
    // One intent object, refilled per order: the risk engine reads it and keeps copies, never it.
    const intent = this.intent;
    intent.account = account.name;
    intent.sleeve = book.name;
    intent.symbol = book.symbol;
    intent.strategy = book.strategyName;
    intent.side = order.deltaLots > 0 ? 'buy' : 'sell';
    intent.quantity = Math.abs(order.quantity);
    intent.price = order.referencePrice;
    intent.reduceOnly = order.reduceOnly;
    intent.stopDistance = order.stopDistance;
    intent.confidence = order.confidence;
    intent.timeMs = order.timeMs;
    // The trading state is checked first, from the books' positions alone: a halted account's entries
    // are denied without building the market snapshot (the engine's check begins with the same step).
    const position = netQuantity(account, book.symbol);
    const admitted = this.engine.checkAdmission(intent, position, undefined);
    if (typeof admitted !== 'number') return this.deny(admitted, order, book.name, account.name);
    // The snapshot nets the same books and carries no trading state: what was admitted stands. Only
    // an entry meets the guardrails that read the ATR (an exit, half of all orders, skips computing it).
    const entering = increasesExposure(position, intent.side, intent.quantity);
    const decision = this.engine.checkAdmitted(intent, this.snapshot(book, account, entering), admitted);
    if (decision.kind === 'approved') return order.deltaLots;
    if (decision.kind === 'denied') return this.deny(decision.denial, order, book.name, account.name);
    const lots = Math.min(floorToLots(decision.quantity, book.lotStep), Math.abs(order.deltaLots));
    this.recordResize(decision, order, book.name, lots);
    return order.deltaLots > 0 ? lots : -lots;
  }

  /** Counts a resize and keeps its record (the first maxRecords); returns the record, undefined past them. */
  private recordResize(decision: Extract<RiskDecision, { kind: 'resized' }>, order: { readonly timeMs: number }, sleeve: string, lots: number): RiskResizeRecord | undefined {
    this.resizeCount++;
    this.resizesByReason[decision.reason] = (this.resizesByReason[decision.reason] ?? 0) + 1;
    const record: RiskResizeRecord = { timeMs: order.timeMs, sleeve, reason: decision.reason, originalQuantity: decision.originalQuantity, quantity: decision.quantity, lots };
    if (this.resizes.length < this.maxRecords) this.resizes.push(record);
    return record;
  }

  /**
   * Counts and keeps a denial; the order gets no lots. The order's time is read from an object (a
   * proposed order, an intent), the sleeve and account come as names: no number crosses the call.
   */
  private deny(denial: RiskDenial, order: { readonly timeMs: number }, sleeve: string, account: string): number {
    this.countDenial(denial.code);
    if (this.denials.length < this.maxRecords) this.denials.push(denialRecord(denial, order, sleeve, account));
    return 0;
  }

  private countDenial(code: string): void {
    this.denialCount++;
    let counter = this.lastDenialCounter;
    if (counter === undefined || counter.code !== code) counter = this.denialCounter(code);
    counter.count++;
  }

  private denialCounter(code: string): { readonly code: string; count: number } {
    let counter = this.denialCounters.get(code);
    if (counter === undefined) {
      counter = { code, count: 0 };
      this.denialCounters.set(code, counter);
    }
    this.lastDenialCounter = counter;
    return counter;
  }

  onTradeClosed(trade: TradeRecord): void {
    this.accountOf(trade.sleeve).stop.onTradeClosed(trade.pnl, trade.exitTimeMs);
    if (this.engine.states.events.length !== this.seenEvents) this.quietUntilMs = Number.NEGATIVE_INFINITY;
  }

  onEquity(times: Float64Array, at: number, equities: Float64Array, slot: number): boolean {
    // The rare calls get the column and index, not the time: a double passed to calls on two branches
    // is boxed once where the branches meet, which is every bar.
    if (times[at] >= this.nextCommandMs) this.applyCommandsAt(times, at, equities, slot);
    const single = this.single;
    if (single !== undefined) single.stop.onEquityAt(times, at, equities, slot);
    else this.onAccountsEquity(times, at);
    // Every transition (emergency trigger, throttle, consecutive losses, manual) appends an event.
    const flatten = this.engine.states.events.length !== this.seenEvents && this.onTransitions(times, at);
    if (single !== undefined) {
      const stop = single.stop;
      this.quietUntilMs = Math.min(stop.quietUntilMs, this.nextCommandMs);
      this.quietLowEquity = stop.quietLowEquity;
      this.quietHighEquity = stop.quietHighEquity;
    }
    return flatten;
  }

  private applyCommandsAt(times: Float64Array, at: number, equities: Float64Array, slot: number): void {
    this.applyCommands(times[at], equities[slot]);
  }

  private onAccountsEquity(times: Float64Array, at: number): void {
    const timeMs = times[at];
    for (const account of this.accounts) account.stop.onEquity(timeMs, this.accountEquity(account));
  }

  /** Denials, resizes, state changes and profiles so far. */
  summary(): RiskGateSummary {
    const profiles: Record<string, CapitalProfile> = {};
    for (const account of this.accounts) profiles[account.name] = this.engine.profileOf(account.name);
    return {
      denials: this.denials,
      denialCount: this.denialCount,
      denialsByCode: Object.fromEntries([...this.denialCounters.values()].map((counter) => [counter.code, counter.count])),
      resizes: this.resizes,
      resizeCount: this.resizeCount,
      resizesByReason: { ...this.resizesByReason },
      stateChanges: this.engine.states.events.slice(),
      profiles,
    };
  }

  /**
   * The gate flattens the sleeves of each account just halted itself (the global state halts all),
   * here, in a function that runs only on transitions: a first flatten then costs the bar loop no
   * deoptimisation. Before the first order the gate does not know the books yet: with one account it
   * returns true and the engine flattens every sleeve.
   */
  private onTransitions(times: Float64Array, at: number): boolean {
    const timeMs = times[at];
    this.seenEvents = this.engine.states.events.length;
    let flattenAll = false;
    for (const account of this.accounts) {
      const halted = this.engine.tradingState(account.name) === TradingState.HALTED;
      // Read before the test, not inside it: a load that first runs at the first halt would deoptimise.
      const wasHalted = account.wasHalted;
      const newly = halted && !wasHalted;
      account.wasHalted = halted;
      if (!newly) continue;
      if (this.modelledResetAfterMs > 0) this.scheduleModelledReset(account.name, timeMs);
      if (this.ledger === undefined) flattenAll = this.single !== undefined;
      else for (const book of account.books) book.flattenForRisk(timeMs);
    }
    return flattenAll;
  }

  /** An automatic halt of `account` at `timeMs`: the modelled operator resets it `modelledResetAfterMs` later. */
  private scheduleModelledReset(account: string, timeMs: number): void {
    const events = this.engine.states.events;
    const halt = [...events].reverse().find((event) => event.account === account && event.to === TradingState.HALTED);
    if (halt === undefined || halt.trigger === TradingStateTrigger.MANUAL_KILL) return;
    const resetMs = timeMs + this.modelledResetAfterMs;
    const command: ManualRiskCommand = { timeMs: resetMs, kind: 'reset', account, reason: `modelled operator reset ${this.modelledResetAfterMs / 3_600_000} h after the ${halt.trigger} halt` };
    let at = this.commandIndex;
    while (at < this.commands.length && this.commands[at].timeMs <= resetMs) at++;
    this.commands.splice(at, 0, command);
    this.nextCommandMs = this.commands[this.commandIndex].timeMs;
  }

  /** Applies the commands due at `nowMs`; `equity` is the portfolio's equity then (a reset re-bases the stop's floors to it). */
  private applyCommands(nowMs: number, equity: number): void {
    const commands = this.commands;
    while (this.commandIndex < commands.length && commands[this.commandIndex].timeMs <= nowMs) {
      const command = commands[this.commandIndex++];
      if (command.kind === 'kill') this.engine.kill(command.account, command.reason, command.timeMs);
      else this.engine.reset(command.account, command.reason, command.timeMs, this.equityAtCommand(command.account, equity));
    }
    this.nextCommandMs = this.commandIndex < commands.length ? commands[this.commandIndex].timeMs : Number.POSITIVE_INFINITY;
  }

  /** The equity a reset of `account` re-bases to: the portfolio's with one account, else the account's share. */
  private equityAtCommand(account: string, portfolioEquity: number): number | undefined {
    if (this.single !== undefined) return this.single.name === account ? portfolioEquity : undefined;
    const book = this.accounts.find((each) => each.name === account);
    return book === undefined ? undefined : this.accountEquity(book);
  }

  private accountOf(sleeve: string): AccountBook {
    let account = this.accountBySleeve.get(sleeve);
    if (account === undefined) {
      account = this.accounts.find((each) => each.name === DEFAULT_ACCOUNT) ?? this.accounts[0];
      this.accountBySleeve.set(sleeve, account);
    }
    return account;
  }

  /**
   * The first order shows the gate the portfolio (the equity observer only gets a number). Before it
   * no sleeve can hold a position or have paid anything, so each account's equity was its capital.
   */
  private bindLedger(ledger: Ledger): void {
    this.ledger = ledger;
    for (const account of this.accounts) account.books = [];
    this.bookAccounts = [];
    for (const book of ledger.sleeves) {
      const account = this.accountOf(book.name);
      account.books.push(book);
      this.bookAccounts[book.index] = account;
    }
    for (const account of this.accounts) account.manySymbols = new Set(account.books.map((book) => book.symbol)).size > 1;
  }

  /** The account's equity: its capital plus its sleeves' realized (net of costs) and unrealized PnL. */
  private accountEquity(account: AccountBook): number {
    let equity = account.capital;
    const books = account.books;
    for (let s = 0; s < books.length; s++) equity += books[s].netPnl + books[s].unrealizedPnl();
    return equity;
  }

  /**
   * The account's portfolio as the risk engine sees it when `ordering` places the order in `intent`
   * (its time read there: a number argument would be boxed); the ordered symbol's ATR only `withAtr`
   * (NaN otherwise, which the guardrails read as unknown).
   */
  private snapshot(ordering: SleeveBook, account: AccountBook, withAtr: boolean): RiskSnapshot {
    const timeMs = this.intent.timeMs;
    const equity = this.single !== undefined ? ordering.ledger.equity() : this.accountEquity(account);
    const scratch = account.scratch ?? (account.scratch = this.createScratch(account));
    const { positions, positionList, markets, snapshot } = scratch;
    for (let p = 0; p < positionList.length; p++) {
      const position = positionList[p];
      position.quantity = 0;
      position.entryPrice = 0;
      position.margin = 0;
    }
    for (const book of account.books) {
      // Flat symbols are listed too: the venue's leverage setting applies to them before any entry.
      mergeInto(positions[book.symbol], book.positionQuantity, book.entryPrice, book.margin());
      const market = markets[book.symbol];
      market.markPrice = book.lastPrice;
      market.markTimeMs = timeMs;
      market.atr = Number.NaN;
    }
    const ordered = markets[ordering.symbol];
    ordered.markPrice = ordering.lastPrice;
    // A sleeve's market costs model its spread; otherwise the run's spreadBps (NaN: unknown).
    ordered.spread = ordering.spread > 0 ? ordering.spread : (ordering.lastPrice * this.spreadBps) / 10_000;
    ordered.atr = withAtr ? trailingAtr(ordering.highPrice, ordering.lowPrice, ordering.closePrice, lastBarBefore(ordering, timeMs)) : Number.NaN;
    snapshot.equity = equity;
    writeEquityReferences(snapshot, account.stop);
    snapshot.sleeveReturns = account.manySymbols ? this.sleeveReturns(account, timeMs) : undefined;
    return snapshot;
  }

  private createScratch(account: AccountBook): ScratchSnapshot {
    const positions: Record<string, Mutable<PositionSnapshot>> = {};
    const markets: Record<string, Mutable<MarketSnapshot>> = {};
    for (const book of account.books) {
      positions[book.symbol] = { quantity: 0, entryPrice: 0, leverage: this.options.leverage, margin: 0 };
      // Bars carry no order book: the spread comes from the run's spread model (NaN without one: the check skips).
      markets[book.symbol] = { markPrice: Number.NaN, markTimeMs: 0, atr: Number.NaN, spread: Number.NaN };
    }
    const snapshot: Mutable<RiskSnapshot> = {
      equity: 0,
      dayStartEquity: 0,
      weekStartEquity: 0,
      peakEquity: 0,
      positions,
      workingOrders: [],
      markets,
      sleeveReturns: undefined,
    };
    return { snapshot, positions, positionList: Object.values(positions), markets };
  }


  /** Each sleeve's close-to-close returns over the correlation window, ending at its last bar before `timeMs`. */
  private sleeveReturns(account: AccountBook, timeMs: number): Record<string, SleeveReturns> {
    const window = this.engine.config.portfolio.correlationWindow;
    const histories: Record<string, SleeveReturns> = {};
    for (const book of account.books) {
      const last = lastBarBefore(book, timeMs);
      const first = Math.max(1, last - window + 1);
      if (last < first) continue;
      let buffer = this.returnBuffers.get(book.name);
      if (buffer === undefined) {
        buffer = new Float64Array(window);
        this.returnBuffers.set(book.name, buffer);
      }
      const close = book.closePrice;
      let n = 0;
      for (let i = first; i <= last; i++) buffer[n++] = close[i] / close[i - 1] - 1;
      histories[book.name] = { symbol: book.symbol, returns: buffer.subarray(0, n) };
    }
    return histories;
  }
}

/** A denial as the gate records it: the rule's code and its figures (the denial's other fields). */
function denialRecord(denial: RiskDenial, order: { readonly timeMs: number }, sleeve: string, account: string): RiskDenialRecord {
  const { code, ...figures } = denial;
  return { timeMs: order.timeMs, sleeve, account, code, figures };
}

/** The account's net position in `symbol`: its sleeves on that symbol summed, as the snapshot nets them. */
function netQuantity(account: AccountBook, symbol: string): number {
  let quantity = 0;
  const books = account.books;
  for (let s = 0; s < books.length; s++) if (books[s].symbol === symbol) quantity += books[s].positionQuantity;
  return quantity;
}

/** Index of the book's last bar that opened before `timeMs` (closed when an order at `timeMs` is placed); -1 for none. */
function lastBarBefore(book: SleeveBook, timeMs: number): number {
  let j = Math.min(book.cursor, book.length) - 1;
  while (j >= 0 && book.timeMs[j] >= timeMs) j--;
  return j;
}

/** Two sleeves on one symbol net into one venue position (one-way mode). */
/** Adds a sleeve's position to the symbol's net position (two sleeves may trade one symbol). */
function mergeInto(held: Mutable<PositionSnapshot>, quantity: number, entryPrice: number, margin: number): void {
  const net = held.quantity + quantity;
  if (held.quantity === 0) held.entryPrice = entryPrice;
  else if (quantity !== 0) {
    const sameSide = Math.sign(held.quantity) === Math.sign(quantity);
    held.entryPrice = sameSide && net !== 0 ? (held.quantity * held.entryPrice + quantity * entryPrice) / net : Math.abs(held.quantity) >= Math.abs(quantity) ? held.entryPrice : entryPrice;
  }
  held.quantity = net;
  held.margin += margin;
}
