import type { Logger } from '../../ports/logger.ts';

/** ccxt's network-class errors (its own class names along the prototype chain). */
const NETWORK_CLASSES = new Set(['NetworkError', 'RequestTimeout', 'ExchangeNotAvailable', 'ExchangeClosedByUser']);

function isVenueNetworkError(reason: unknown): boolean {
  for (let proto = reason instanceof Error ? (Object.getPrototypeOf(reason) as object | null) : null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    if (NETWORK_CLASSES.has((proto as { constructor: { name: string } }).constructor.name)) return true;
  }
  return false;
}

/**
 * While a live job runs: a websocket failure that ccxt rejects outside any awaited call (a DNS error,
 * a refused or dropped connection) is an alert, not the end of the process. The streams reconnect by
 * themselves and the runner polls REST (back-fill at every check) until they are back. Any other
 * unhandled rejection still ends the process. Returns the function that removes the guard.
 */
export function guardStreamErrors(logger: Logger, processLike: Pick<NodeJS.Process, 'on' | 'off'> = process): () => void {
  const onRejection = (reason: unknown): void => {
    if (!isVenueNetworkError(reason)) throw reason;
    logger.error('alert_stream_error', { reason: `${(reason as Error).message}; REST polling continues until the stream is back` });
  };
  processLike.on('unhandledRejection', onRejection);
  return () => processLike.off('unhandledRejection', onRejection);
}
