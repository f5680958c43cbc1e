/** What happened to a sleeve's routing: stored, logged, counted and alerted on. */
export const FailoverEventKind = {
  /** New entries moved from a failed account to a healthy fallback. */
  FAILOVER: 'FAILOVER',
  /** New entries moved back to the primary after it was healthy long enough and the sleeve was flat. */
  FAILBACK: 'FAILBACK',
  /** Too many switches within the window: the sleeve takes no new entries until an operator acknowledges. */
  ENTRIES_STOPPED: 'ENTRIES_STOPPED',
  /** An operator acknowledged the switches (`rampart exchanges ack`): the count starts again. */
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  /** The account holding the sleeve's open position cannot be reached: that position cannot be managed. */
  NOT_READY: 'NOT_READY',
  /** The account holding the position answers again. */
  READY: 'READY',
} as const;
export type FailoverEventKind = (typeof FailoverEventKind)[keyof typeof FailoverEventKind];

/** The switches `exchange_failover_events_total` counts. */
export const SWITCH_KINDS: ReadonlySet<FailoverEventKind> = new Set([FailoverEventKind.FAILOVER, FailoverEventKind.FAILBACK]);

export interface FailoverEvent {
  readonly atMs: number;
  readonly sleeve: string;
  /** The sleeve's primary account (the metric's `account` label). */
  readonly account: string;
  readonly kind: FailoverEventKind;
  /** Account entries left (switches) or the account concerned (NOT_READY/READY); null when none. */
  readonly fromAccount: string | null;
  /** Account entries go to now; null when none. */
  readonly toAccount: string | null;
  readonly reason: string;
  /** `runner@host:pid` for the policy's own events, the operator for an acknowledgement. */
  readonly actor: string;
}
