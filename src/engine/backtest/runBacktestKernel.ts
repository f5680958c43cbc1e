import type { EngineSettings, SleeveInput } from '../engineSettings.ts';
import { Ledger as GenericLedger } from '../portfolio/ledger.ts';
import { SleeveBook, type DecisionRecord, type FillRecord, type Ledger, type OrderGate, type TradeRecord } from '../portfolio/sleeveBook.ts';
import { EquityMetrics } from '../metrics/equityMetrics.ts';
import { RunLog } from '../portfolio/eventLog.ts';
import { sameTimes, unionTimeline } from './unionTimeline.ts';
import { UNSET } from '../unset.ts';

/** Lets every order through: the gate of a run without a risk engine. */
export const openGate: OrderGate = {
  approve: (_book, order) => order.deltaLots,
  onTradeClosed: () => undefined,
};

/** Per-bar observer of portfolio equity (the emergency stop listens here). */
export interface EquityObserver {
  /**
   * The observer's quiet band, read by the kernel every bar instead of a call: a bar before
   * `quietUntilMs` whose equity lies in (quietLowEquity, quietHighEquity] would change nothing the
   * observer acts on, and is not shown to it. -Infinity for `quietUntilMs`: every bar is shown.
   */
  readonly quietUntilMs: number;
  readonly quietLowEquity: number;
  readonly quietHighEquity: number;
  /**
   * Sees the equity marked at each bar's close, before the strategies decide: the bar's time is
   * `times[at]` and its equity `equities[slot]`, read from the kernel's own columns because a number
   * passed to a call that is not inlined is boxed, and this runs on every bar. Returns true when every
   * position must be flattened (trading halted): the engine then closes them at the next open with
   * reduce-only orders through the gate.
   */
  onEquity(times: Float64Array, at: number, equities: Float64Array, slot: number): boolean;
}

export interface KernelOptions {
  readonly gate?: OrderGate;
  readonly equityObserver?: EquityObserver;
  /**
   * Close open positions at the last bar's close (`end_of_data`): true for a backtest; the paper
   * runner replays history up to now and keeps its positions open.
   */
  readonly closeAtEnd?: boolean;
  /** Keep every fill's row in the log (default true); counts are kept either way. */
  readonly keepFills?: boolean;
  /** Keep every decision's row in the log (default true). */
  readonly keepDecisions?: boolean;
  /**
   * Bars closing before this time (epoch ms) only warm the strategies up; the first order can come
   * from the first close at or after it. Default: trade from the first bar.
   */
  readonly tradeFromMs?: number;
  /** Called between chunks of bars with the bars done so far. */
  readonly onProgress?: (barsDone: number, barsTotal: number) => void;
  /**
   * Most equity samples to keep (default MAX_EQUITY_SAMPLES). The metrics see every bar whatever this
   * is; a sweep's run, which keeps a thumbnail of its curve, asks for a few hundred.
   */
  readonly maxEquitySamples?: number;
}

/** The raw outcome of a run; buildBacktestReport turns it into the report contract. */
export interface KernelResult {
  readonly timeline: Float64Array;
  /**
   * The equity curve is kept at every `sampleStep`-th bar of the timeline and at the last bar
   * (every bar for runs up to MAX_EQUITY_SAMPLES bars): a 10M-bar run keeps 20k points, not 80 MB.
   */
  readonly sampleStep: number;
  readonly sampleTimeMs: Float64Array;
  readonly sampleEquity: Float64Array;
  /** Drawdown from the running peak at each sample, as a fraction. */
  readonly sampleDrawdown: Float64Array;
  /** Per sleeve, its realized net PnL (after fees and funding) at each sample. */
  readonly sampleSleeveNetPnl: Float64Array[];
  /** Final equity after everything was closed at the end of the data. */
  readonly finalEquity: number;
  readonly metrics: EquityMetrics;
  readonly ledger: Ledger;
  readonly sleeves: readonly SleeveBook[];
  /** Every decision, fill and trade of the run, columnar. */
  readonly log: RunLog;
  /** Record views of the log, built on first read. */
  readonly fills: FillRecord[];
  readonly trades: TradeRecord[];
  readonly decisions: DecisionRecord[];
  /** Set when equity reached zero and the run stopped trading. */
  readonly bustAtMs: number;
}

/**
 * Bars per chunk: the loop runs in chunks through a function V8 optimises as an ordinary call,
 * rather than relying on on-stack replacement of one long loop, and progress is reported between chunks.
 * The first chunks are short so that the optimised code arrives after a few thousand bars, not 65k.
 */
const CHUNK_BARS = 65_536;
const FIRST_CHUNK_BARS = 1_024;

/** Most equity samples a run keeps. */
export const MAX_EQUITY_SAMPLES = 20_000;

/**
 * Where the loop writes its samples; `next` is the next timeline index to sample. Bar equities wait in
 * `pendingEquity` and reach the metrics in one batch at each sample and at the end of each chunk.
 */
interface Samples {
  readonly pendingEquity: Float64Array;
  next: number;
  count: number;
  readonly step: number;
  readonly lastIndex: number;
  readonly timeMs: Float64Array;
  readonly equity: Float64Array;
  readonly drawdown: Float64Array;
  readonly sleeveNetPnl: Float64Array[];
}

/**
 * The backtest event loop: for every time on the portfolio clock, each sleeve with a bar then runs
 * open (funding, the order decided at the previous close), intrabar (stops, liquidation), and after
 * equity is marked, close (the strategy decides). Decisions never see a later bar.
 */
export function runBacktestKernel(inputs: readonly SleeveInput[], settings: EngineSettings, options: KernelOptions = {}): KernelResult {
  const gate = options.gate ?? openGate;
  const timeline = unionTimeline(inputs.map((input) => input.candles.time));
  const barCount = timeline.length;
  const ledger: Ledger = new GenericLedger<SleeveBook>(settings.initialCapital);
  const log = new RunLog(inputs, { fills: options.keepFills !== false, decisions: options.keepDecisions !== false });
  const tradeFromMs = options.tradeFromMs ?? Number.NEGATIVE_INFINITY;
  inputs.forEach((input, index) => ledger.sleeves.push(new SleeveBook(input, index, settings, ledger, gate, log, tradeFromMs)));
  const sleeves = ledger.sleeves;
  const step = Math.max(1, Math.ceil(barCount / Math.max(1, options.maxEquitySamples ?? MAX_EQUITY_SAMPLES)));
  const capacity = Math.ceil(barCount / step) + 1;
  const samples: Samples = {
    pendingEquity: new Float64Array(Math.min(step, CHUNK_BARS)),
    next: 0,
    count: 0,
    step,
    lastIndex: barCount - 1,
    timeMs: new Float64Array(capacity),
    equity: new Float64Array(capacity),
    drawdown: new Float64Array(capacity),
    sleeveNetPnl: sleeves.map(() => new Float64Array(capacity)),
  };
  const metrics = new EquityMetrics(settings.initialCapital);
  const active = new Uint8Array(sleeves.length);
  // When every sleeve has a bar at every time of the portfolio clock (one sleeve, or sleeves on the
  // same bars), the loop skips asking each sleeve whether it has a bar now.
  const state = { bustAtMs: UNSET, aligned: inputs.every((input) => sameTimes(input.candles.time, timeline)) };

  for (let k0 = 0, chunkBars = FIRST_CHUNK_BARS; k0 < barCount; k0 += chunkBars, chunkBars = Math.min(CHUNK_BARS, chunkBars * 2)) {
    const k1 = Math.min(barCount, k0 + chunkBars);
    if (sleeves.length === 1 && state.aligned) runChunkOneSleeve(k0, k1, timeline, sleeves, ledger, samples, metrics, options.equityObserver, state);
    else runChunk(k0, k1, timeline, sleeves, ledger, active, samples, metrics, options.equityObserver, state);
    options.onProgress?.(k1, barCount);
  }
  if (options.closeAtEnd !== false && settings.endOfData !== 'keep_open') closeAtEndOfData(sleeves, timeline, settings.endOfData === 'last_open');
  const finalEquity = ledger.equity();
  if (samples.count > 0) {
    // The last sample shows the books after the end-of-data closes.
    const last = samples.count - 1;
    samples.equity[last] = finalEquity;
    for (let s = 0; s < sleeves.length; s++) samples.sleeveNetPnl[s][last] = sleeves[s].netPnl;
  }
  const count = samples.count;
  return {
    timeline,
    sampleStep: step,
    sampleTimeMs: samples.timeMs.subarray(0, count),
    sampleEquity: samples.equity.subarray(0, count),
    sampleDrawdown: samples.drawdown.subarray(0, count),
    sampleSleeveNetPnl: samples.sleeveNetPnl.map((column) => column.subarray(0, count)),
    finalEquity,
    metrics,
    ledger,
    sleeves,
    log,
    get fills() {
      return log.fills();
    },
    get trades() {
      return log.trades();
    },
    get decisions() {
      return log.decisions();
    },
    bustAtMs: state.bustAtMs,
  };
}

function runChunk(
  k0: number,
  k1: number,
  timeline: Float64Array,
  sleeves: SleeveBook[],
  ledger: Ledger,
  active: Uint8Array,
  samples: Samples,
  metrics: EquityMetrics,
  observer: EquityObserver | undefined,
  state: { bustAtMs: number; readonly aligned: boolean },
): void {
  const sleeveCount = sleeves.length;
  const aligned = state.aligned;
  const pendingEquity = samples.pendingEquity;
  let pending = 0;
  let pendingInMarket = 0;
  for (let k = k0; k < k1; k++) {
    const timeMs = timeline[k];
    for (let s = 0; s < sleeveCount; s++) {
      const book = sleeves[s];
      const i = book.cursor;
      if (aligned || (i < book.length && book.timeMs[i] === timeMs)) {
        active[s] = 1;
        if (timeMs >= book.nextFundingMs || book.pendingTarget === book.pendingTarget) book.onOpen(i);
      } else {
        active[s] = 0;
      }
    }
    // Every open happens before anything later in the bar: an order sized at a sleeve's open sees the
    // other sleeves at their opens too, never at this bar's close. Then each sleeve's intrabar exits,
    // and its position marked at the close; cash is read last, after every exit has settled.
    let unrealized = 0;
    let inMarket = false;
    for (let s = 0; s < sleeveCount; s++) {
      const book = sleeves[s];
      if (aligned || active[s] === 1) {
        const i = book.cursor;
        book.onIntrabar(i);
        book.lastPrice = book.closePrice[i];
      }
      if (book.lots !== 0) {
        unrealized += book.positionQuantity * (book.lastPrice - book.entryPrice);
        inMarket = true;
      }
    }
    pendingEquity[pending++] = ledger.cash + unrealized;
    if (inMarket) pendingInMarket++;
    watchEquity(observer, sleeves, timeline, k, pendingEquity, pending - 1, state);
    const trading = state.bustAtMs !== state.bustAtMs;
    for (let s = 0; s < sleeveCount; s++) {
      const book = sleeves[s];
      if (aligned || active[s] === 1) {
        if (trading) book.onClose(book.cursor);
        book.cursor++;
      }
    }
    if (k === samples.next) {
      takeSample(samples, k, timeline, pendingEquity, pending, pendingInMarket, metrics, sleeves);
      pending = 0;
      pendingInMarket = 0;
    }
  }
  metrics.onBars(pendingEquity, pending, pendingInMarket);
}

/**
 * runChunk for a run of one sleeve whose bars are the portfolio clock (the common backtest, and the
 * benchmark): the same steps in the same order, without the loops over sleeves and the per-sleeve
 * activity flags, and with the sleeve's columns held in locals. About a third fewer instructions per
 * bar; runBacktestKernel.oneSleeve.test.ts holds the two loops to identical results.
 */
function runChunkOneSleeve(
  k0: number,
  k1: number,
  timeline: Float64Array,
  sleeves: SleeveBook[],
  ledger: Ledger,
  samples: Samples,
  metrics: EquityMetrics,
  observer: EquityObserver | undefined,
  state: { bustAtMs: number; readonly aligned: boolean },
): void {
  const book = sleeves[0];
  const pendingEquity = samples.pendingEquity;
  const low = book.lowPrice;
  const high = book.highPrice;
  const close = book.closePrice;
  let pending = 0;
  let pendingInMarket = 0;
  // The sleeve's bar index is the clock's: its times are the timeline's.
  for (let k = k0; k < k1; k++) {
    const timeMs = timeline[k];
    if (timeMs >= book.nextFundingMs || book.pendingTarget === book.pendingTarget) book.onOpen(k);
    // Flat, both exit levels are infinite; in a position, its stop, take-profit or liquidation.
    if (low[k] <= book.exitBelow || high[k] >= book.exitAbove) book.onIntrabar(k);
    const price = close[k];
    book.lastPrice = price;
    let value = ledger.cash;
    if (book.lots !== 0) {
      value += book.positionQuantity * (price - book.entryPrice);
      pendingInMarket++;
    }
    pendingEquity[pending++] = value;
    watchEquity(observer, sleeves, timeline, k, pendingEquity, pending - 1, state);
    if (state.bustAtMs !== state.bustAtMs) book.onClose(k);
    book.cursor = k + 1;
    if (k === samples.next) {
      takeSample(samples, k, timeline, pendingEquity, pending, pendingInMarket, metrics, sleeves);
      pending = 0;
      pendingInMarket = 0;
    }
  }
  metrics.onBars(pendingEquity, pending, pendingInMarket);
}

/**
 * After bar `k` was marked at equity `equities[slot]`: the observer's look at it (a halt flattens
 * every sleeve), then the bust check. Both loops call it every bar; it takes the column and the slot,
 * not the equity, because a double passed to a call that is not inlined is boxed.
 */
function watchEquity(
  observer: EquityObserver | undefined,
  sleeves: SleeveBook[],
  timeline: Float64Array,
  k: number,
  equities: Float64Array,
  slot: number,
  state: { bustAtMs: number },
): void {
  const value = equities[slot];
  // The rare calls get the clock and the bar index too, never the time or the equity, for the same reason.
  if (
    observer !== undefined &&
    (timeline[k] >= observer.quietUntilMs || !(value > observer.quietLowEquity && value <= observer.quietHighEquity)) &&
    observer.onEquity(timeline, k, equities, slot)
  ) {
    flattenAll(sleeves, timeline, k);
  }
  if (!(value > 0) && state.bustAtMs !== state.bustAtMs) bust(sleeves, timeline, k, state);
}

/**
 * Hands the metrics the `pending` bar equities waiting in `equities` (`inMarket` of them with a
 * position) and records bar `k`, the last of them, as a sample.
 */
function takeSample(samples: Samples, k: number, timeline: Float64Array, equities: Float64Array, pending: number, inMarket: number, metrics: EquityMetrics, sleeves: SleeveBook[]): void {
  metrics.onBars(equities, pending, inMarket);
  const timeMs = timeline[k];
  const equity = equities[pending - 1];
  const n = samples.count++;
  samples.timeMs[n] = timeMs;
  samples.equity[n] = equity;
  samples.drawdown[n] = metrics.peakEquity > 0 && equity < metrics.peakEquity ? 1 - equity / metrics.peakEquity : 0;
  for (let s = 0; s < sleeves.length; s++) samples.sleeveNetPnl[s][n] = sleeves[s].netPnl;
  const last = samples.lastIndex;
  // The next sample is `step` bars on, capped at the last bar; none after the last. Both tests run on
  // every call: a test first reached at the end of the data would deoptimise this there.
  samples.next = k < last ? Math.min(k + samples.step, last) : -1;
}

/** Trading halted: every sleeve closes its position at the next open with reduce-only orders. */
function flattenAll(sleeves: SleeveBook[], timeline: Float64Array, k: number): void {
  const timeMs = timeline[k];
  for (let s = 0; s < sleeves.length; s++) sleeves[s].flattenForRisk(timeMs);
}

/** Equity gone at bar `k`: close everything at the last prices and stop deciding. */
function bust(sleeves: SleeveBook[], timeline: Float64Array, k: number, state: { bustAtMs: number }): void {
  const timeMs = timeline[k];
  state.bustAtMs = timeMs;
  for (const book of sleeves) {
    book.closeAt(book.lastPrice, timeMs, 'liquidation');
    book.pendingTarget = UNSET;
  }
}

/** Closes every open position at its last bar's close, or its open (`atOpen`, backtesting.py's finalize_trades). */
function closeAtEndOfData(sleeves: SleeveBook[], timeline: Float64Array, atOpen: boolean): void {
  for (const book of sleeves) {
    book.pendingTarget = UNSET;
    if (book.lots === 0 || book.length === 0) continue;
    const last = book.length - 1;
    book.closeAt(atOpen ? book.openPrice[last] : book.closePrice[last], book.timeMs[last] ?? timeline[timeline.length - 1], 'end_of_data');
  }
}
