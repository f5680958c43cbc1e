import { InputError } from '../domain/errors/inputError.ts';

/**
 * ACTIVE trades normally; REDUCING admits only orders that shrink exposure; HALTED admits only
 * reduce-only flattening (and cancels, which never reach the risk engine). The kill switch is this
 * state, not a process kill.
 */
export const TradingState = { ACTIVE: 'ACTIVE', REDUCING: 'REDUCING', HALTED: 'HALTED' } as const;
export type TradingState = (typeof TradingState)[keyof typeof TradingState];

/** What moved the state. */
export const TradingStateTrigger = {
  TOTAL_LOSS: 'TOTAL_LOSS',
  DAILY_DRAWDOWN: 'DAILY_DRAWDOWN',
  WEEKLY_DRAWDOWN: 'WEEKLY_DRAWDOWN',
  CONSECUTIVE_LOSSES: 'CONSECUTIVE_LOSSES',
  ORDER_THROTTLE: 'ORDER_THROTTLE',
  MANUAL_KILL: 'MANUAL_KILL',
  MANUAL_REDUCE: 'MANUAL_REDUCE',
  MANUAL_RESET: 'MANUAL_RESET',
  COOLDOWN_ELAPSED: 'COOLDOWN_ELAPSED',
} as const;
export type TradingStateTrigger = (typeof TradingStateTrigger)[keyof typeof TradingStateTrigger];

/** The account name of the global state: every account is at least as restricted as it. */
export const GLOBAL_ACCOUNT = '*';

/** Event: one transition of one account's (or the global) trading state. */
export interface TradingStateChanged {
  readonly timeMs: number;
  readonly account: string;
  readonly from: TradingState;
  readonly to: TradingState;
  readonly trigger: TradingStateTrigger;
  /** Operator's words for manual kills, reduces and resets. */
  readonly reason?: string;
  /** The numbers that fired the trigger (equity, limitPct, drawdownPct …). */
  readonly figures: Readonly<Record<string, number>>;
}

/** The mutable record of one account; EmergencyStop holds a reference to read `state` cheaply per bar. */
export interface AccountTradingState {
  state: TradingState;
  trigger: TradingStateTrigger | null;
  sinceMs: number;
  /** When a REDUCING state lifts by itself (next day or week start), epoch ms; null: only a reset lifts it. */
  releaseAtMs: number | null;
}

export interface TradingStatesJSON {
  readonly accounts: Readonly<Record<string, AccountTradingState>>;
  readonly events: readonly TradingStateChanged[];
}

const TRADING_STATES: readonly string[] = Object.values(TradingState);

/** 0 ACTIVE, 1 REDUCING, 2 HALTED: comparisons on the order path, where a keyed lookup per state costs more. */
function severity(state: TradingState): number {
  return state === TradingState.HALTED ? 2 : state === TradingState.REDUCING ? 1 : 0;
}

/** The more restrictive of two states. */
export function moreSevere(a: TradingState, b: TradingState): TradingState {
  return severity(a) >= severity(b) ? a : b;
}

/**
 * Trading state per account plus one global state. States only escalate (ACTIVE → REDUCING →
 * HALTED) except through `reset` (needs a reason) or a REDUCING cooldown elapsing. Serialisable:
 * `TradingStates.fromJSON(states.toJSON())` restores HALTED, so a restart never clears it.
 */
export class TradingStates {
  private readonly records = new Map<string, AccountTradingState>();
  private readonly log: TradingStateChanged[] = [];
  /** The global record once it exists, read on every order. */
  private global: AccountTradingState | undefined = undefined;
  // The last account found and its record: a run's orders mostly come from one account, and records
  // are never removed, so the map is asked once per change of account.
  private lastAccount: string | undefined = undefined;
  private lastRecord: AccountTradingState | undefined = undefined;

  /** The mutable record of an account (created ACTIVE on first use). */
  record(account: string): AccountTradingState {
    let record = this.find(account);
    if (record === undefined) {
      record = { state: TradingState.ACTIVE, trigger: null, sinceMs: 0, releaseAtMs: null };
      this.records.set(account, record);
      if (account === GLOBAL_ACCOUNT) this.global = record;
    }
    return record;
  }

  /** The account's own state, ignoring the global one. */
  accountState(account: string): TradingState {
    return this.find(account)?.state ?? TradingState.ACTIVE;
  }

  /** The state that governs the account's orders: the more severe of its own and the global state. */
  effectiveState(account: string): TradingState {
    const own = this.find(account);
    const global = this.global;
    return moreSevere(own === undefined ? TradingState.ACTIVE : own.state, global === undefined ? TradingState.ACTIVE : global.state);
  }

  /** Every transition so far, oldest first. */
  get events(): readonly TradingStateChanged[] {
    return this.log;
  }

  /**
   * Moves the account to `to` if that is more severe than where it is; returns whether it moved.
   * `releaseAtMs` only applies to REDUCING (HALTED never lifts by itself).
   */
  escalate(
    account: string,
    to: TradingState,
    trigger: TradingStateTrigger,
    timeMs: number,
    figures: Readonly<Record<string, number>>,
    options: { reason?: string; releaseAtMs?: number | null } = {},
  ): boolean {
    const record = this.record(account);
    if (severity(to) <= severity(record.state)) return false;
    this.move(account, record, to, trigger, timeMs, figures, options.reason);
    record.releaseAtMs = to === TradingState.REDUCING ? (options.releaseAtMs ?? null) : null;
    return true;
  }

  /** Manual kill switch: HALTED until a reset with a reason. Idempotent. */
  kill(account: string, reason: string, timeMs: number): void {
    requireReason(reason, 'kill');
    this.escalate(account, TradingState.HALTED, TradingStateTrigger.MANUAL_KILL, timeMs, {}, { reason });
  }

  /** Manual switch to REDUCING (exits only) until a reset. */
  reduce(account: string, reason: string, timeMs: number): void {
    requireReason(reason, 'reduce');
    this.escalate(account, TradingState.REDUCING, TradingStateTrigger.MANUAL_REDUCE, timeMs, {}, { reason });
  }

  /** The only way out of HALTED: back to ACTIVE, recorded with the operator's reason. */
  reset(account: string, reason: string, timeMs: number): void {
    requireReason(reason, 'reset');
    const record = this.record(account);
    if (record.state === TradingState.ACTIVE) return;
    this.move(account, record, TradingState.ACTIVE, TradingStateTrigger.MANUAL_RESET, timeMs, {}, reason);
    record.releaseAtMs = null;
  }

  /** Lifts a REDUCING state whose cooldown has elapsed at `timeMs`; returns whether it did. */
  releaseIfDue(account: string, timeMs: number): boolean {
    const record = this.records.get(account);
    if (record === undefined || record.state !== TradingState.REDUCING) return false;
    if (record.releaseAtMs === null || timeMs < record.releaseAtMs) return false;
    this.move(account, record, TradingState.ACTIVE, TradingStateTrigger.COOLDOWN_ELAPSED, timeMs, {
      releaseAtMs: record.releaseAtMs,
    }, undefined);
    record.releaseAtMs = null;
    return true;
  }

  toJSON(): TradingStatesJSON {
    const accounts: Record<string, AccountTradingState> = {};
    for (const [account, record] of this.records) accounts[account] = { ...record };
    return { accounts, events: this.log.slice() };
  }

  static fromJSON(json: TradingStatesJSON): TradingStates {
    const states = new TradingStates();
    for (const account of Object.keys(json.accounts)) {
      const saved = json.accounts[account];
      if (!TRADING_STATES.includes(saved.state)) {
        throw new InputError(`trading state of account ${account} must be ACTIVE, REDUCING or HALTED, was ${String(saved.state)}`, {
          keyPath: `accounts.${account}.state`,
          value: saved.state,
        });
      }
      Object.assign(states.record(account), saved);
    }
    states.log.push(...json.events);
    return states;
  }

  private find(account: string): AccountTradingState | undefined {
    if (account === this.lastAccount) return this.lastRecord;
    const record = this.records.get(account);
    if (record !== undefined) {
      this.lastAccount = account;
      this.lastRecord = record;
    }
    return record;
  }

  private move(
    account: string,
    record: AccountTradingState,
    to: TradingState,
    trigger: TradingStateTrigger,
    timeMs: number,
    figures: Readonly<Record<string, number>>,
    reason: string | undefined,
  ): void {
    const event: TradingStateChanged =
      reason === undefined
        ? { timeMs, account, from: record.state, to, trigger, figures }
        : { timeMs, account, from: record.state, to, trigger, reason, figures };
    this.log.push(event);
    record.state = to;
    record.trigger = trigger;
    record.sinceMs = timeMs;
  }
}

function requireReason(reason: string, action: string): void {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new InputError(`a trading-state ${action} needs a reason, was ${JSON.stringify(reason)}`, { keyPath: 'reason', value: reason });
  }
}
