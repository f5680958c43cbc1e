import type { LogValue } from './logger.ts';

/** How soon a person must look, as the go-live playbook's §10 tiers alerts. */
export const AlertSeverity = {
  /** Immediate action (an emergency stop, a drawdown breach, repeated failover, a runner down). */
  CRITICAL: 'critical',
  /** Review within the hour (approaching a limit, API errors, a protective order refused). */
  WARNING: 'warning',
  /** Review daily (the daily report, a runner started, a failover resolved). */
  INFO: 'info',
} as const;
export type AlertSeverity = (typeof AlertSeverity)[keyof typeof AlertSeverity];

/** One alert as the channels receive it. */
export interface Alert {
  /** What makes two alerts the same one (deduplication): event, account, symbol, state and severity. */
  readonly key: string;
  /** What the alert is about (event, account, symbol): a new key in the group is a change, and ends the others' dedup. */
  readonly group: string;
  /** The runner's event, e.g. `alert_trading_state`. */
  readonly event: string;
  readonly severity: AlertSeverity;
  /** One line a phone shows: "Daily drawdown breach: main HALTED". */
  readonly title: string;
  /** The event's fields (allow-listed as the log's are: no secret reaches a channel). */
  readonly fields: Readonly<Record<string, LogValue>>;
  readonly atMs: number;
}

/** Where alerts go: Telegram, Slack, e-mail, a webhook. `send` rejects on a failed delivery (the router retries). */
export interface AlertChannel {
  /** Shown in delivery problems, e.g. `slack` or `email`: never a URL or a token. */
  readonly name: string;
  send(alert: Alert): Promise<void>;
}
