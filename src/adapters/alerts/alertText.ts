import type { Alert } from '../../ports/alertChannel.ts';

/** The alert as a short text message: severity and title, then one `name: value` line per field. */
export function alertText(alert: Alert): string {
  const lines = [`[${alert.severity.toUpperCase()}] ${alert.title}`];
  for (const [name, value] of Object.entries(alert.fields)) if (value !== undefined && value !== null && name !== 'account' && name !== 'state') lines.push(`${name}: ${String(value)}`);
  lines.push(`at: ${new Date(alert.atMs).toISOString()} (${alert.event})`);
  return lines.join('\n');
}
