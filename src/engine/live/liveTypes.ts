import type { VenuePosition } from '../../ports/exchangeGateway.ts';
import type { SizingSettings } from '../engineSettings.ts';

/** What to do with an order or position at the venue that is not ours (no stored intent). */
export const ExternalPolicy = { HALT: 'halt', CANCEL: 'cancel' } as const;
export type ExternalPolicy = (typeof ExternalPolicy)[keyof typeof ExternalPolicy];

/** Whether the runner may trade: NOT_READY until a reconciliation has completed against the venue. */
export const LiveReadiness = { NOT_READY: 'NOT_READY', READY: 'READY' } as const;
export type LiveReadiness = (typeof LiveReadiness)[keyof typeof LiveReadiness];

/** One sleeve's latest decision at a bar close (the same strategies and engine as backtest and paper). */
export interface SleeveDecision {
  readonly sleeve: string;
  readonly symbol: string;
  readonly strategy: string;
  readonly weight: number;
  /** Signed fraction of the sleeve's allocation in [-1, 1]. */
  readonly target: number;
  /** Protective stop distance in price units; NaN for none. */
  readonly stopDistance: number;
  /** Take-profit distance in price units of the decision that set the target; NaN or absent for none. */
  readonly takeProfitDistance?: number;
  /** Model confidence in [0, 1] of the signal behind the target; NaN when the strategy gives none. */
  readonly confidence: number;
  /** Open time of the bar the decision was made at the close of. */
  readonly barTimeMs: number;
  /**
   * The decision bar's close: the reference price the target is sized at (moved by the modelled
   * slippage, as the backtest sizes at its reference price), and the risk intent's price. NaN when
   * unknown (nothing is then sized: fail closed).
   */
  readonly referencePrice: number;
  /** Close time of that bar, epoch ms: the data-age guardrail measures the decision's age from it. */
  readonly barCloseTimeMs: number;
  /** Average true range of the sleeve's closed bars up to that bar (the backtest gate's ATR), price units; NaN before two bars. */
  readonly atr: number;
  /** The strategy refused to decide at that bar (fail closed), and why; the target is held. */
  readonly strategyRefusal?: string;
}

/** The account's positions at the venue by symbol, as read at this bar close. */
export type VenuePositions = ReadonlyMap<string, Pick<VenuePosition, 'quantity'>>;

/**
 * Computes the latest decision of every sleeve of the account from bars closed by `nowMs`; the venue
 * positions are what an incremental source shows its strategies as held.
 */
export type DecisionSource = (nowMs: number, positions: VenuePositions) => Promise<SleeveDecision[]>;

export interface LiveSettings {
  readonly externalPolicy: ExternalPolicy;
  /** Look-ups by client order id before an intent with no venue order counts as NOT_SENT (K). */
  readonly lookupAttempts: number;
  /** Time those look-ups are spread over (T), longer than the venue's "order does not exist" lag. */
  readonly lookupWindowMs: number;
  /** Longest time an entry may stay without a protective stop before the account is HALTED. */
  readonly maxNakedMs: number;
  /** Heartbeat age after which another runner may take the account's lock. */
  readonly lockTtlMs: number;
  /** Settlement asset whose balance is the equity, e.g. USDT. */
  readonly quoteAsset: string;
  readonly sizing: SizingSettings;
  /** Configured leverage, set on every traded symbol at start. */
  readonly leverage: number;
  /** Slippage the engine models (execution.slippageBps): targets are sized at the reference price moved by it. */
  readonly slippageBps: number;
  /** Dead-man countdown armed while working entries rest at the venue, ms (0 or absent: off). */
  readonly deadManCountdownMs?: number;
}

/** An order the runner sent (through a dry run's gateway: recorded, not sent). */
export interface PlannedOrder {
  readonly clientOrderId: string;
  readonly sleeve: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'MARKET' | 'STOP_MARKET';
  readonly quantity: string;
  readonly stopPrice: string | null;
  readonly reduceOnly: boolean;
}

/** Startup refused: the account is not safe to trade (fail closed); the CLI exits with code 1. */
export class LiveStartRefusedError extends Error {
  constructor(
    readonly account: string,
    readonly code: 'LOCKED' | 'CLOCK' | 'POSITION_MODE' | 'MARGIN_SETUP' | 'CONNECT' | 'OTHER_RUNNER' | 'LAUNCH_CHECK',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${account}: ${message}`, options);
    this.name = 'LiveStartRefusedError';
  }
}

/**
 * The account's websocket streams as the runner drives them (`--ws`): user data (orders and fills)
 * and one market feed per symbol. Without them the runner polls REST.
 */
export interface LiveStreams {
  /** Subscribes; called once at start, before the first reconciliation. */
  start(): void;
  /** Before each bar: staleness checks (a stale feed resubscribes and back-fills) and the user stream's REST back-fill. */
  beforeBar(): Promise<void>;
  /** The user stream failed and is not back: fills are applied over REST meanwhile. */
  userStreamDown?(): boolean;
  /** Symbols whose market feed is stale now: no new entries while any is. */
  staleSymbols(): readonly string[];
  /** Closes every subscription and waits for events in flight to reach the store. */
  stop(): Promise<void>;
}
