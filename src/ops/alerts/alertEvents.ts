/**
 * Alert events other code emits through its Logger (`logger.warn(AlertEvent.EXCHANGE_FAILOVER, {account,
 * venue: 'binanceusdm→bybit'})`): every `alert_*` log line is an alert; these are the ones whose severity
 * the playbook's §10 sets apart from the line's level. The other `alert_*` events live where they happen.
 */
export const AlertEvent = {
  TRADING_STATE: 'alert_trading_state',
  /** Day drawdown at risk.warningFraction (80 %) of the daily limit while still ACTIVE (said every bar; deduplicated). */
  LIMIT_APPROACH: 'alert_limit_approach',
  /** The seam for failover: an account's traffic moved from one venue or endpoint to another. */
  EXCHANGE_FAILOVER: 'alert_exchange_failover',
  EXCHANGE_FAILOVER_RESOLVED: 'alert_exchange_failover_resolved',
  RUNNER_STARTED: 'alert_runner_started',
  RUNNER_STOPPED: 'alert_runner_stopped',
  DAILY_REPORT_READY: 'alert_daily_report_ready',
} as const;

/** The prefix that makes a log line an alert. */
export const ALERT_PREFIX = 'alert_';
