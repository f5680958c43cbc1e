import type { EquityObserver } from '../backtest/runBacktestKernel.ts';
import type { OrderGate, ProposedOrder, SleeveBook, TradeRecord } from '../portfolio/sleeveBook.ts';
import type { ManualCommand } from './manualCommand.ts';

/** An order the gate refused (by the operator's halt, or by the inner risk gate). */
export interface GateDenial {
  readonly timeMs: number;
  readonly sleeve: string;
  readonly symbol: string;
  /** Signed quantity that was asked. */
  readonly quantity: number;
  readonly reduceOnly: boolean;
  readonly code: string;
  /** The numbers the risk engine denied it for (the gate's record); empty for the operator's refusals. */
  readonly figures: Readonly<Record<string, unknown>>;
}

const NO_FIGURES: Readonly<Record<string, unknown>> = Object.freeze({});

export interface PaperSleeveRef {
  readonly name: string;
  readonly account: string;
  readonly symbol: string;
}

export interface PaperGateOptions {
  readonly sleeves: readonly PaperSleeveRef[];
  /** Bar length: a bar with open time T closes (and is evaluated) at T + barMs. */
  readonly barMs: number;
  readonly commands: readonly ManualCommand[];
  /** The risk engine's gate (absent only in tests of this gate alone). */
  readonly inner?: InnerGate;
  /**
   * The risk guard's decisions (the store's history): from each one's time on, its size multiplier
   * scales every new target of its account, as the live runner applies it (storedSizeMultiplier).
   */
  readonly sizeMultipliers?: ReadonlyArray<{ readonly account: string; readonly atMs: number; readonly sizeMultiplier: number }>;
}

/** The risk gate as the paper gate uses it: its last denial gives the code. */
export interface InnerGate extends OrderGate, EquityObserver {
  summary?(): { readonly denials: ReadonlyArray<{ timeMs: number; sleeve: string; code: string; figures: Readonly<Record<string, unknown>> }>; readonly denialCount: number };
}

/**
 * The gate of a paper replay, around the risk gate (which replays kills and resets itself): it
 * applies the operator's flatten commands at their times, keeps every denial so the runner can
 * persist it.
 */
export class PaperGate implements OrderGate, EquityObserver {
  readonly denials: GateDenial[] = [];
  private readonly flattens: ManualCommand[];
  private flattenIndex = 0;
  /** Sleeves a partial flatten left alone: their next risk close (ordered for every sleeve) is refused. */
  private readonly spared = new Set<string>();
  // Every bar is shown to this gate: it clears its spared sleeves and replays flattens per bar.
  readonly quietUntilMs = Number.NEGATIVE_INFINITY;
  readonly quietLowEquity = Number.POSITIVE_INFINITY;
  readonly quietHighEquity = Number.NEGATIVE_INFINITY;

  private readonly accountOf: ReadonlyMap<string, string>;

  constructor(private readonly options: PaperGateOptions) {
    this.accountOf = new Map(options.sleeves.map((sleeve) => [sleeve.name, sleeve.account]));
    for (const decision of options.sizeMultipliers ?? []) {
      // Fail closed, as storedSizeMultiplier does: a stored multiplier that is not a positive number stops the replay.
      if (!(Number.isFinite(decision.sizeMultiplier) && decision.sizeMultiplier > 0)) throw new RangeError(`risk guard size multiplier of account ${decision.account} is ${decision.sizeMultiplier}, not a positive number`);
    }
    this.flattens = options.commands.filter((command) => command.kind === 'flatten').sort((a, b) => a.timeMs - b.timeMs);
  }

  approve(book: SleeveBook, order: ProposedOrder): number {
    if (order.reason === 'risk' && this.spared.has(book.name)) {
      this.spared.delete(book.name);
      return this.deny(book, order, 'FLATTEN_NOT_TARGETED');
    }
    const inner = this.options.inner;
    if (!inner) return order.deltaLots;
    const approved = inner.approve(book, order);
    if (approved === 0) {
      const summary = inner.summary?.();
      const last = summary && summary.denials.length === summary.denialCount ? summary.denials[summary.denials.length - 1] : undefined;
      const ours = last !== undefined && last.timeMs === order.timeMs && last.sleeve === book.name;
      this.deny(book, order, ours ? last.code : 'RISK_DENIED', ours ? last.figures : NO_FIGURES);
    }
    return approved;
  }

  onTradeClosed(trade: TradeRecord): void {
    this.options.inner?.onTradeClosed(trade);
  }

  /** The multiplier of the account's latest risk-guard decision at or before `timeMs` (1 before any). */
  sizeMultiplier(book: SleeveBook, timeMs: number): number {
    const decisions = this.options.sizeMultipliers;
    if (decisions === undefined) return 1;
    const account = this.accountOf.get(book.name);
    let multiplier = 1;
    let latestMs = Number.NEGATIVE_INFINITY;
    for (const decision of decisions) {
      if (decision.account === account && decision.atMs <= timeMs && decision.atMs >= latestMs) {
        latestMs = decision.atMs;
        multiplier = decision.sizeMultiplier;
      }
    }
    return multiplier;
  }

  /**
   * Flattens at the first bar that closes after a flatten command (the next open then closes with
   * reduce-only orders), and whenever the risk gate asks.
   */
  onEquity(times: Float64Array, at: number, equities: Float64Array, slot: number): boolean {
    const timeMs = times[at];
    // Risk closes ordered at the previous close have executed at this bar's open.
    this.spared.clear();
    const inner = this.options.inner?.onEquity(times, at, equities, slot) ?? false;
    const targeted = new Set<string>();
    while (this.flattenIndex < this.flattens.length && this.flattens[this.flattenIndex].timeMs < timeMs + this.options.barMs) {
      const command = this.flattens[this.flattenIndex++];
      for (const sleeve of this.options.sleeves) {
        if (sleeve.account === command.account && (command.symbol === undefined || sleeve.symbol === command.symbol)) targeted.add(sleeve.name);
      }
    }
    if (inner) return true;
    if (targeted.size === 0) return false;
    for (const sleeve of this.options.sleeves) if (!targeted.has(sleeve.name)) this.spared.add(sleeve.name);
    return true;
  }

  private deny(book: SleeveBook, order: ProposedOrder, code: string, figures: Readonly<Record<string, unknown>> = NO_FIGURES): 0 {
    this.denials.push({ timeMs: order.timeMs, sleeve: book.name, symbol: book.symbol, quantity: order.quantity, reduceOnly: order.reduceOnly, code, figures });
    return 0;
  }
}
