import { OperationalHaltError, OrderDeniedError, RateLimitedError, RetryableExchangeError, UnknownOrderOutcomeError } from '../../domain/errors/exchangeErrors.ts';

/**
 * Why a venue request ended as it did. SERVER (5xx, overload, network), TIMEOUT and CIRCUIT_OPEN
 * speak against the venue; DENIED (the venue answered: the order is wrong) and OK speak for it.
 */
export const RequestErrorClass = {
  SERVER: 'SERVER',
  TIMEOUT: 'TIMEOUT',
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
  RATE_LIMITED: 'RATE_LIMITED',
  BANNED: 'BANNED',
  AUTH: 'AUTH',
  DENIED: 'DENIED',
  OTHER: 'OTHER',
} as const;
export type RequestErrorClass = (typeof RequestErrorClass)[keyof typeof RequestErrorClass];

/** Classes that count against the venue's reachability (a denial proves the venue answered). */
export const VENUE_FAULT_CLASSES: ReadonlySet<RequestErrorClass> = new Set([RequestErrorClass.SERVER, RequestErrorClass.TIMEOUT, RequestErrorClass.CIRCUIT_OPEN, RequestErrorClass.OTHER]);

/** One request to a venue account as the gateway saw it end. */
export interface RequestOutcome {
  readonly atMs: number;
  readonly channel: 'rest' | 'ws';
  readonly latencyMs: number;
  /** undefined: success. */
  readonly errorClass?: RequestErrorClass;
}

const TIMEOUT_TEXT = /timed? ?out|RequestTimeout|ETIMEDOUT/i;

/** The class of a gateway failure, from the exchange error classes the adapters translate into. */
export function classifyRequestError(error: unknown): RequestErrorClass {
  if (error instanceof RateLimitedError) return error.banned ? RequestErrorClass.BANNED : RequestErrorClass.RATE_LIMITED;
  if (error instanceof OrderDeniedError) return RequestErrorClass.DENIED;
  if (error instanceof OperationalHaltError) return RequestErrorClass.AUTH;
  const message = error instanceof Error ? `${error.message} ${String((error.cause as Error | undefined)?.name ?? '')}` : String(error);
  if (error instanceof RetryableExchangeError || error instanceof UnknownOrderOutcomeError) {
    if (/circuit breaker/i.test(message)) return RequestErrorClass.CIRCUIT_OPEN;
    return TIMEOUT_TEXT.test(message) ? RequestErrorClass.TIMEOUT : RequestErrorClass.SERVER;
  }
  return RequestErrorClass.OTHER;
}
