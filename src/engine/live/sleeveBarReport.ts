import type { Decimal } from 'decimal.js';
import type { PlannedOrder, SleeveDecision } from './liveTypes.ts';

/** Why a sleeve sends no order at a bar (or no more than it did). */
export const NoOrderReason = {
  /** The feed holds no closed bar of the sleeve yet: no decision. */
  WARM_UP: 'WARM_UP',
  /** The venue position already is the target. */
  NO_CHANGE: 'NO_CHANGE',
  /** Below the venue's minimum notional (or another local filter), checked before any request. */
  BELOW_MIN_NOTIONAL: 'BELOW_MIN_NOTIONAL',
  /** Another local order filter (lot, tick, quantity) refused it before any request. */
  FILTER: 'FILTER',
  /** The risk engine denied it (limit, sanity check). */
  DENIED: 'DENIED',
  /** An execution guardrail denied the entry (spread, data age, session, confidence, volatility). */
  GUARDRAIL: 'GUARDRAIL',
  /** The account is HALTED or being flattened: no entries. */
  HALTED: 'HALTED',
  /** The go-live gate is not activated (real mode): entries are skipped (ORDER_SKIPPED), exits and stops go out. */
  NOT_ACTIVATED: 'NOT_ACTIVATED',
  /** A market feed is stale: no entries until it flows again. */
  STALE_FEED: 'STALE_FEED',
  /** The venue refused it. */
  REJECTED: 'REJECTED',
  /** The strategy refused to decide (fail closed, e.g. a model's features all missing): its target is held. */
  STRATEGY_REFUSED: 'STRATEGY_REFUSED',
  /** The runner is NOT_READY (reconciliation or the venue failed): no decision acted on. */
  NOT_READY: 'NOT_READY',
} as const;
export type NoOrderReason = (typeof NoOrderReason)[keyof typeof NoOrderReason];

/** Risk codes of the execution guardrails (risk/checks): reported as GUARDRAIL rather than DENIED. */
const GUARDRAIL_CODES: ReadonlySet<string> = new Set(['SPREAD_TOO_WIDE', 'DATA_STALE', 'SESSION_BLOCKED', 'CONFIDENCE_TOO_LOW', 'VOLATILITY_TOO_HIGH']);

export interface NoOrder {
  readonly reason: NoOrderReason;
  /** The risk code or venue reason, when there is one. */
  readonly code?: string;
  /** What was found, in words. */
  readonly detail: string;
  /** The rule's numbers (a denial's figures). */
  readonly figures?: Readonly<Record<string, unknown>>;
}

/** One sleeve at one bar close: what it decided, what the venue holds, what it sent or why nothing. */
export interface SleeveBarReport {
  readonly sleeve: string;
  readonly symbol: string;
  /** Open time of the last closed bar the decision was made on; NaN when none. */
  readonly barTimeMs: number;
  /** Strategy target (signed fraction of the sleeve's allocation); NaN before a decision. */
  readonly target: number;
  /** Signed venue position of the symbol before the bar's orders, base units; undefined when not read. */
  readonly position: string | undefined;
  /** Orders sent (a dry run: recorded) for the sleeve at this bar, in order. */
  readonly orders: readonly PlannedOrder[];
  /** Why no order (or no entry) went out; several when legs met several outcomes. */
  readonly noOrder: readonly NoOrder[];
}

/** A risk denial as a reason: guardrail codes apart from the other checks. */
export function deniedBy(code: string, figures: Readonly<Record<string, unknown>>): NoOrder {
  const numbers = Object.entries(figures).filter(([key]) => key !== 'code').map(([key, value]) => `${key} ${typeof value === 'number' ? Number(value.toPrecision(6)) : String(value)}`);
  return { reason: GUARDRAIL_CODES.has(code) ? NoOrderReason.GUARDRAIL : NoOrderReason.DENIED, code, detail: `${code}: ${numbers.join(', ')}`, figures };
}

/** The bar's rows, filled where the runner decides each outcome (begin, then why; orders come from `planned`). */
export class SleeveBarReports {
  private readonly rows = new Map<string, { sleeve: string; symbol: string; barTimeMs: number; target: number; position: string; noOrder: NoOrder[] }>();

  begin(decision: SleeveDecision, position: Decimal | undefined): void {
    this.rows.set(decision.sleeve, { sleeve: decision.sleeve, symbol: decision.symbol, barTimeMs: decision.barTimeMs, target: decision.target, position: position?.toFixed() ?? '0', noOrder: [] });
  }

  why(decision: Pick<SleeveDecision, 'sleeve'>, noOrder: NoOrder): void {
    const row = this.rows.get(decision.sleeve);
    if (row !== undefined && !row.noOrder.some((each) => each.reason === noOrder.reason && each.code === noOrder.code)) row.noOrder.push(noOrder);
  }

  /** The rows with the orders of `planned` (this bar's) by sleeve. */
  reports(planned: readonly PlannedOrder[]): SleeveBarReport[] {
    return [...this.rows.values()].map((row) => ({ ...row, orders: planned.filter((order) => order.sleeve === row.sleeve) }));
  }
}

/**
 * A row for every sleeve of the account: the runner's rows, and for a sleeve it did not decide on,
 * why: the runner was NOT_READY, or the feed held no closed bar of it yet (warm-up).
 */
export function reportsForEverySleeve(outcome: { readonly skipped: string | undefined; readonly sleeves?: readonly SleeveBarReport[] }, sleeves: ReadonlyArray<{ readonly name: string; readonly symbol: string }>): SleeveBarReport[] {
  return sleeves.map((sleeve) => {
    const row = outcome.sleeves?.find((each) => each.sleeve === sleeve.name);
    if (row !== undefined) return row;
    const noOrder: NoOrder =
      outcome.skipped === 'NOT_READY'
        ? { reason: NoOrderReason.NOT_READY, detail: 'the runner is NOT_READY (venue or reconciliation): see the alert_not_ready log line' }
        : { reason: NoOrderReason.WARM_UP, detail: 'no closed bar of the sleeve yet: no decision' };
    return { sleeve: sleeve.name, symbol: sleeve.symbol, barTimeMs: Number.NaN, target: Number.NaN, position: undefined, orders: [], noOrder: [noOrder] };
  });
}
