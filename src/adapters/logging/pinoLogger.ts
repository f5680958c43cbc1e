import { pino, type DestinationStream } from 'pino';
import type { LogValue, Logger } from '../../ports/logger.ts';

/**
 * Field names a log line may carry. Anything else is written as [REDACTED]: an allow-list, so a
 * field added later (say `apiSecret` or `url`) cannot leak until someone decides it is safe.
 */
export const LOG_FIELD_ALLOW_LIST: ReadonlySet<string> = new Set([
  'account',
  'accounts',
  'sleeve',
  'symbol',
  'strategy',
  'side',
  'quantity',
  'price',
  'fee',
  'target',
  'confidence',
  'stopDistance',
  'clientOrderId',
  'tradeId',
  'status',
  'state',
  'previousState',
  'code',
  'reason',
  'actor',
  'timeMs',
  'atMs',
  'at',
  'equity',
  'count',
  'bars',
  'lastBarAt',
  'nextEvaluationAt',
  'owner',
  'store',
  'config',
  'mode',
  'sessionStart',
  'applied',
  'detail',
  // Alert and incident fields (an alert line must say how bad, what and until when; an IP ban, say).
  'severity',
  'kind',
  'untilMs',
  'until',
  'retryAfterMs',
  'retryAfterSeconds',
  'httpStatus',
  'venueOrderId',
  'policy',
  'trigger',
  'attempt',
  'attempts',
  'windowMs',
  'delayMs',
  'durationMs',
  'countdownMs',
  'exchange',
  'venue',
  'instanceId',
  'fencingToken',
  // Failover events: the accounts a sleeve's entries moved between.
  'fromAccount',
  'toAccount',
]);

const REDACTED = '[REDACTED]';

/** A pino logger writing to `destination` (stdout by default) with allow-list redaction. */
export function createPinoLogger(destination?: DestinationStream, name = 'rampart'): Logger {
  const base = pino({ name, base: { name }, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? pino.destination({ dest: 1, sync: true }));
  const write = (level: 'info' | 'warn' | 'error', event: string, fields?: Readonly<Record<string, LogValue>>): void => {
    base[level]({ event, ...allowListed(fields) }, event);
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

function allowListed(fields: Readonly<Record<string, LogValue>> | undefined): Record<string, LogValue> {
  const out: Record<string, LogValue> = {};
  if (!fields) return out;
  for (const [key, value] of Object.entries(fields)) out[key] = LOG_FIELD_ALLOW_LIST.has(key) ? value : REDACTED;
  return out;
}
