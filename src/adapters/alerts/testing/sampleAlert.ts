import type { Alert } from '../../../ports/alertChannel.ts';

/** An emergency-stop alert as the classifier makes it. */
export const SAMPLE_ALERT: Alert = {
  key: 'alert_trading_state|main||HALTED|critical',
  group: 'alert_trading_state|main|',
  event: 'alert_trading_state',
  severity: 'critical',
  title: 'Daily drawdown breach: main HALTED',
  fields: { account: 'main', state: 'HALTED', reason: 'emergency stop DAILY_DRAWDOWN: {"drawdownPct":5.2}' },
  atMs: Date.UTC(2026, 0, 2, 3, 4, 5),
};
