import type { Logger, LogValue } from '../../ports/logger.ts';
import type { Alert } from '../../ports/alertChannel.ts';
import { AlertClassifier, type LogLevel } from './alertClassifier.ts';

/**
 * The one seam between the runners and the alert channels: every `alert_*` line the code already
 * logs is also published as an alert, so no second list of events exists to drift. Fields outside
 * `allowedFields` (the log's own allow-list) are left out of the alert, as the log redacts them.
 */
export function alertingLogger(logger: Logger, publish: (alert: Alert) => void, options: { readonly nowMs: () => number; readonly allowedFields: ReadonlySet<string> }): Logger {
  const classifier = new AlertClassifier();
  const write = (level: LogLevel, event: string, fields?: Readonly<Record<string, LogValue>>): void => {
    logger[level](event, fields);
    const allowed: Record<string, LogValue> = {};
    for (const [key, value] of Object.entries(fields ?? {})) if (options.allowedFields.has(key)) allowed[key] = value;
    const alert = classifier.classify(level, event, allowed, options.nowMs());
    // A logger never throws into the trading path: a failing publish is the router's to report.
    if (alert !== undefined) {
      try {
        publish(alert);
      } catch {
        // publish is synchronous bookkeeping only; nothing to add to a log line already written
      }
    }
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}
