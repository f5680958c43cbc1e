/**
 * Exceptional venue outcomes, grouped by what the caller does next (after freqtrade's exceptions.py).
 * Adapters translate vendor errors into these in one place; messages never carry keys or signatures.
 */

/** What the caller does; also the discriminant the engine switches on. */
export const ExchangeErrorAction = {
  RETRY: 'RETRY',
  WAIT: 'WAIT',
  DENY: 'DENY',
  LOOK_UP: 'LOOK_UP',
  HALT: 'HALT',
} as const;
export type ExchangeErrorAction = (typeof ExchangeErrorAction)[keyof typeof ExchangeErrorAction];

interface ExchangeErrorOptions {
  readonly cause?: unknown;
  /** Venue error code when the venue gave one (Binance -2019, -4164 …). */
  readonly venueCode?: number;
}

export abstract class ExchangeError extends Error {
  abstract readonly action: ExchangeErrorAction;
  readonly venueCode: number | undefined;
  constructor(message: string, options: ExchangeErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.venueCode = options.venueCode;
  }
}

/** Transient failure before the venue acted (network, overload): retry with backoff. */
export class RetryableExchangeError extends ExchangeError {
  override readonly name = 'RetryableExchangeError';
  readonly action = ExchangeErrorAction.RETRY;
  /** The request was rejected because of the local clock (Binance -1021): resync, then resend as is. */
  readonly clockSkew: boolean;
  constructor(message: string, options: ExchangeErrorOptions & { clockSkew?: boolean } = {}) {
    super(message, options);
    this.clockSkew = options.clockSkew ?? false;
  }
}

/**
 * Too many requests: wait `retryAfterMs` before the next one. `banned` (HTTP 418, IP ban) means every
 * request to the venue stops until the ban lifts, and a human is alerted.
 */
export class RateLimitedError extends ExchangeError {
  override readonly name = 'RateLimitedError';
  readonly action = ExchangeErrorAction.WAIT;
  readonly retryAfterMs: number;
  readonly banned: boolean;
  constructor(message: string, options: ExchangeErrorOptions & { retryAfterMs: number; banned: boolean }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.banned = options.banned;
  }
}

/** Why an order was denied, locally or by the venue. */
export const OrderDenialReason = {
  MARGIN_INSUFFICIENT: 'MARGIN_INSUFFICIENT',
  BELOW_MIN_NOTIONAL: 'BELOW_MIN_NOTIONAL',
  BELOW_MIN_QUANTITY: 'BELOW_MIN_QUANTITY',
  FILTER_VIOLATION: 'FILTER_VIOLATION',
  REDUCE_ONLY_REJECTED: 'REDUCE_ONLY_REJECTED',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** The client order id is already in use (Binance -4116): the order was placed earlier; fetch it. */
  DUPLICATE_CLIENT_ORDER_ID: 'DUPLICATE_CLIENT_ORDER_ID',
  INVALID_ORDER: 'INVALID_ORDER',
} as const;
export type OrderDenialReason = (typeof OrderDenialReason)[keyof typeof OrderDenialReason];

/** The order was (or would be) refused as sent: terminal, never retried in a loop. */
export class OrderDeniedError extends ExchangeError {
  override readonly name = 'OrderDeniedError';
  readonly action = ExchangeErrorAction.DENY;
  readonly reason: OrderDenialReason;
  /** True when the local pre-check refused it and no request was made. */
  readonly local: boolean;
  constructor(message: string, options: ExchangeErrorOptions & { reason: OrderDenialReason; local?: boolean }) {
    super(message, options);
    this.reason = options.reason;
    this.local = options.local ?? false;
  }
}

/**
 * The venue may or may not have acted (5xx, -1006, -1007, timeout): the order is UNKNOWN and is looked
 * up by its client order id. It is never re-sent under a new id.
 */
export class UnknownOrderOutcomeError extends ExchangeError {
  override readonly name = 'UnknownOrderOutcomeError';
  readonly action = ExchangeErrorAction.LOOK_UP;
  readonly clientOrderId: string | undefined;
  constructor(message: string, options: ExchangeErrorOptions & { clientOrderId?: string } = {}) {
    super(message, options);
    this.clientOrderId = options.clientOrderId;
  }
}

/** Authentication, permissions, account state or a misconfiguration: stop trading and alert a human. */
export class OperationalHaltError extends ExchangeError {
  override readonly name = 'OperationalHaltError';
  readonly action = ExchangeErrorAction.HALT;
}
