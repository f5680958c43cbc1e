import type { Alert } from '../../ports/alertChannel.ts';

/** Longest field value shown: a Telegram message holds 4,096 characters, and a phone shows far fewer. */
const MAX_VALUE_CHARS = 600;

/** The alert as a short text message: severity and title, then one `name: value` line per field. */
export function alertText(alert: Alert): string {
  const lines = [`[${alert.severity.toUpperCase()}] ${alert.title}`];
  for (const [name, value] of Object.entries(alert.fields)) {
    if (value === undefined || value === null || name === 'account' || name === 'state') continue;
    const text = String(value);
    lines.push(`${name}: ${text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text}`);
  }
  lines.push(`at: ${new Date(alert.atMs).toISOString()} (${alert.event})`);
  return lines.join('\n');
}
