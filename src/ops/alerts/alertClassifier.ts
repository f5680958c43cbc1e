import type { LogValue } from '../../ports/logger.ts';
import { AlertSeverity, type Alert } from '../../ports/alertChannel.ts';
import { ALERT_PREFIX, AlertEvent } from './alertEvents.ts';

export type LogLevel = 'info' | 'warn' | 'error';

const HOUR_MS = 3_600_000;
/** §10: "Exchange failover (3+ times)" is critical; fewer within the hour is a warning. */
const FAILOVERS_CRITICAL_PER_HOUR = 3;

const LEVEL_SEVERITY: Readonly<Record<LogLevel, AlertSeverity>> = { error: AlertSeverity.CRITICAL, warn: AlertSeverity.WARNING, info: AlertSeverity.INFO };

/** §10's named alerts; an event not here takes its severity from the log line's level (error is critical). */
const FIXED_SEVERITY: Readonly<Record<string, AlertSeverity>> = {
  [AlertEvent.LIMIT_APPROACH]: AlertSeverity.WARNING,
  [AlertEvent.EXCHANGE_FAILOVER_RESOLVED]: AlertSeverity.INFO,
  [AlertEvent.RUNNER_STARTED]: AlertSeverity.INFO,
  [AlertEvent.DAILY_REPORT_READY]: AlertSeverity.INFO,
};

const BREACH_TITLES: Readonly<Record<string, string>> = {
  DAILY_DRAWDOWN: 'Daily drawdown breach',
  WEEKLY_DRAWDOWN: 'Weekly drawdown breach',
  TOTAL_LOSS: 'Total loss limit breach',
  CONSECUTIVE_LOSSES: 'Consecutive losses limit',
};

/**
 * Turns `alert_*` log lines into alerts: severity as the playbook's §10 tiers them, a title a phone
 * shows, and the key deduplication compares. It counts failovers per account (the third within an
 * hour is critical), so it keeps that little state; time comes from the line's caller.
 */
export class AlertClassifier {
  private readonly failoversAtMs = new Map<string, number[]>();

  /** The alert of a log line; undefined for a line that is no alert. */
  classify(level: LogLevel, event: string, fields: Readonly<Record<string, LogValue>>, nowMs: number): Alert | undefined {
    if (!event.startsWith(ALERT_PREFIX)) return undefined;
    const trigger = triggerOf(fields.reason);
    const severity = this.severityOf(level, event, fields, trigger, nowMs);
    const title = titleOf(event, fields, trigger);
    const part = (value: LogValue): string => (value === undefined || value === null ? '' : String(value));
    const group = [event, part(fields.account), part(fields.symbol)].join('|');
    const key = [group, part(fields.state), severity].join('|');
    return { key, group, event, severity, title, fields, atMs: nowMs };
  }

  private severityOf(level: LogLevel, event: string, fields: Readonly<Record<string, LogValue>>, trigger: string | undefined, nowMs: number): AlertSeverity {
    const fixed = FIXED_SEVERITY[event];
    if (fixed !== undefined) return fixed;
    if (event === AlertEvent.TRADING_STATE) {
      // §10: a daily or weekly breach is critical whatever the action (REDUCING included); so is a HALT.
      if (fields.state === 'HALTED' || (trigger !== undefined && trigger in BREACH_TITLES && trigger !== 'CONSECUTIVE_LOSSES')) return AlertSeverity.CRITICAL;
      return fields.state === 'ACTIVE' ? AlertSeverity.INFO : AlertSeverity.WARNING;
    }
    if (event === AlertEvent.EXCHANGE_FAILOVER) return this.failoversWithinHour(String(fields.account ?? ''), nowMs) >= FAILOVERS_CRITICAL_PER_HOUR ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
    // A runner that stopped on an error is §10's "backend service down"; a stop the operator asked for is a warning.
    if (event === AlertEvent.RUNNER_STOPPED) return level === 'error' ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
    return LEVEL_SEVERITY[level];
  }

  private failoversWithinHour(account: string, nowMs: number): number {
    const recent = (this.failoversAtMs.get(account) ?? []).filter((atMs) => nowMs - atMs < HOUR_MS);
    recent.push(nowMs);
    this.failoversAtMs.set(account, recent);
    return recent.length;
  }
}

/** The trigger a trading-state reason names ("emergency stop DAILY_DRAWDOWN: {…}", "risk engine ORDER_THROTTLE: …", the paper runner's bare "DAILY_DRAWDOWN"). */
function triggerOf(reason: LogValue): string | undefined {
  return typeof reason === 'string' ? /^(?:(?:emergency stop|risk engine) )?([A-Z][A-Z_]+)(?::|$)/.exec(reason)?.[1] : undefined;
}

function titleOf(event: string, fields: Readonly<Record<string, LogValue>>, trigger: string | undefined): string {
  const where = [fields.account, fields.symbol].filter((part) => part !== undefined && part !== null).join(' ');
  const what = (event === AlertEvent.TRADING_STATE && trigger !== undefined ? BREACH_TITLES[trigger] : undefined) ?? sentenceOf(event.slice(ALERT_PREFIX.length));
  const state = typeof fields.state === 'string' ? ` ${fields.state}` : '';
  return where === '' ? `${what}${state}` : `${what}: ${where}${state}`;
}

function sentenceOf(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
