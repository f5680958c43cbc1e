import {
  OperationalHaltError,
  OrderDeniedError,
  OrderDenialReason,
  RateLimitedError,
  RetryableExchangeError,
  UnknownOrderOutcomeError,
  type ExchangeError,
} from '../../../domain/errors/exchangeErrors.ts';
import { redactSecrets } from './redactSecrets.ts';

/** What the failed call was: the same 503 means "look the order up" on a submit and "retry" on a read. */
export type ExchangeOperation = 'submit' | 'cancel' | 'read' | 'setup';

export interface TranslationContext {
  readonly venue: string;
  readonly operation: ExchangeOperation;
  /** What was being done, for the message ("createOrder BTCUSDT rp-…"). */
  readonly what: string;
  readonly clientOrderId?: string;
  /** The Retry-After response header, in seconds, when there was one. */
  readonly retryAfterSeconds?: number;
  /** Credentials to blank out of every message. */
  readonly secrets?: ReadonlyArray<string | undefined>;
  /** The venue's own codes (its VENUE_QUIRKS row), checked before the Binance table and ccxt's class. */
  readonly venueCodes?: VenueCodes;
}

/** Codes a venue uses for the two answers ccxt maps to classes too broad for us (InvalidOrder, BadRequest). */
export interface VenueCodes {
  /** "Order does not exist": not proof of "not placed" right after a submit. */
  readonly orderNotFound: ReadonlyArray<number>;
  /** "Client order id already used": the order exists, the reliable idempotency signal. */
  readonly duplicateClientOrderId: ReadonlyArray<number>;
}

const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;
// Binance bans last "from 2 minutes to 3 days"; without a Retry-After the shortest is assumed and re-learned.
const DEFAULT_BAN_WAIT_MS = 120_000;

type Verdict =
  | { kind: 'unknown' }
  | { kind: 'retry'; clockSkew?: boolean }
  | { kind: 'rateLimited'; banned: boolean }
  | { kind: 'deny'; reason: OrderDenialReason }
  | { kind: 'halt' };

/** Binance futures codes (RELIABILITY.md §3 and the USDS-M error-code page). */
const BINANCE_CODES: ReadonlyMap<number, Verdict> = new Map<number, Verdict>([
  [-1000, { kind: 'unknown' }],
  // DISCONNECTED: sent with 5xx statuses too; on a submit the order may exist, so it is looked up.
  [-1001, { kind: 'unknown' }],
  [-1003, { kind: 'rateLimited', banned: false }],
  [-1006, { kind: 'unknown' }],
  [-1007, { kind: 'unknown' }],
  [-1008, { kind: 'retry' }],
  [-1021, { kind: 'retry', clockSkew: true }],
  [-1022, { kind: 'halt' }],
  [-1013, { kind: 'deny', reason: OrderDenialReason.FILTER_VIOLATION }],
  [-1111, { kind: 'deny', reason: OrderDenialReason.FILTER_VIOLATION }],
  [-1125, { kind: 'retry' }],
  [-2010, { kind: 'deny', reason: OrderDenialReason.INVALID_ORDER }],
  [-2011, { kind: 'deny', reason: OrderDenialReason.ORDER_NOT_FOUND }],
  [-2013, { kind: 'deny', reason: OrderDenialReason.ORDER_NOT_FOUND }],
  [-2014, { kind: 'halt' }],
  [-2015, { kind: 'halt' }],
  [-2018, { kind: 'deny', reason: OrderDenialReason.MARGIN_INSUFFICIENT }],
  [-2019, { kind: 'deny', reason: OrderDenialReason.MARGIN_INSUFFICIENT }],
  [-2022, { kind: 'deny', reason: OrderDenialReason.REDUCE_ONLY_REJECTED }],
  [-4003, { kind: 'deny', reason: OrderDenialReason.FILTER_VIOLATION }],
  [-4005, { kind: 'deny', reason: OrderDenialReason.FILTER_VIOLATION }],
  [-4014, { kind: 'deny', reason: OrderDenialReason.FILTER_VIOLATION }],
  [-4023, { kind: 'deny', reason: OrderDenialReason.FILTER_VIOLATION }],
  [-4116, { kind: 'deny', reason: OrderDenialReason.DUPLICATE_CLIENT_ORDER_ID }],
  [-4120, { kind: 'halt' }],
  [-4164, { kind: 'deny', reason: OrderDenialReason.BELOW_MIN_NOTIONAL }],
]);

/** ccxt classes, most specific first (matched against the error's prototype chain). */
const CCXT_CLASSES: ReadonlyArray<readonly [string, Verdict]> = [
  ['InvalidNonce', { kind: 'retry', clockSkew: true }],
  ['RateLimitExceeded', { kind: 'rateLimited', banned: false }],
  ['DDoSProtection', { kind: 'rateLimited', banned: false }],
  ['OnMaintenance', { kind: 'retry' }],
  ['RequestTimeout', { kind: 'unknown' }],
  ['ExchangeNotAvailable', { kind: 'unknown' }],
  ['BadResponse', { kind: 'unknown' }],
  ['NetworkError', { kind: 'unknown' }],
  ['AuthenticationError', { kind: 'halt' }],
  ['InsufficientFunds', { kind: 'deny', reason: OrderDenialReason.MARGIN_INSUFFICIENT }],
  ['DuplicateOrderId', { kind: 'deny', reason: OrderDenialReason.DUPLICATE_CLIENT_ORDER_ID }],
  ['OrderNotFound', { kind: 'deny', reason: OrderDenialReason.ORDER_NOT_FOUND }],
  ['InvalidOrder', { kind: 'deny', reason: OrderDenialReason.INVALID_ORDER }],
  ['OperationFailed', { kind: 'unknown' }],
];

/**
 * The one place where ccxt and venue errors become Rampart's exchange errors. The venue's own code
 * (parsed from the response body ccxt puts in the message) wins over ccxt's class, because ccxt maps
 * some codes differently per endpoint. Errors that are not from ccxt (programming errors) pass through.
 */
export function translateCcxtError(error: unknown, context: TranslationContext): ExchangeError | Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const classNames = prototypeNames(error);
  if (!classNames.includes('BaseError')) return error;
  const secrets = context.secrets ?? [];
  const vendorMessage = redactSecrets(error.message, secrets);
  const venueCode = parseVenueCode(vendorMessage);
  const httpStatus = parseHttpStatus(vendorMessage);
  const verdict = verdictFor(classNames, venueCode, httpStatus, context.venueCodes);
  const message = `${context.venue} ${context.what}: ${classNames[0]}: ${vendorMessage}`;
  // The cause keeps the vendor class name and a redacted message, never the signed URL.
  const cause = Object.assign(new Error(vendorMessage), { name: classNames[0] });
  const base = { cause, venueCode };
  switch (verdict.kind) {
    case 'halt':
      return new OperationalHaltError(message, base);
    case 'deny':
      return new OrderDeniedError(message, { ...base, reason: verdict.reason });
    case 'rateLimited': {
      const fallbackMs = verdict.banned ? DEFAULT_BAN_WAIT_MS : DEFAULT_RATE_LIMIT_WAIT_MS;
      const retryAfterMs = context.retryAfterSeconds !== undefined && context.retryAfterSeconds >= 0 ? context.retryAfterSeconds * 1000 : fallbackMs;
      return new RateLimitedError(message, { ...base, retryAfterMs, banned: verdict.banned });
    }
    case 'retry':
      return new RetryableExchangeError(message, { ...base, clockSkew: verdict.clockSkew ?? false });
    case 'unknown':
      // Only a request that could have changed venue state has an unknown outcome; a read is retried.
      return context.operation === 'submit' || context.operation === 'cancel'
        ? new UnknownOrderOutcomeError(message, { ...base, clientOrderId: context.clientOrderId })
        : new RetryableExchangeError(message, base);
  }
}

function verdictFor(classNames: ReadonlyArray<string>, venueCode: number | undefined, httpStatus: number | undefined, venueCodes: VenueCodes | undefined): Verdict {
  if (httpStatus === 418) return { kind: 'rateLimited', banned: true };
  if (httpStatus === 429) return { kind: 'rateLimited', banned: false };
  if (venueCode !== undefined) {
    // ccxt maps Bybit 110072 and OKX 51016 (duplicate client id) to InvalidOrder: the venue's row says what they mean.
    if (venueCodes?.duplicateClientOrderId.includes(venueCode)) return { kind: 'deny', reason: OrderDenialReason.DUPLICATE_CLIENT_ORDER_ID };
    if (venueCodes?.orderNotFound.includes(venueCode)) return { kind: 'deny', reason: OrderDenialReason.ORDER_NOT_FOUND };
    const byCode = BINANCE_CODES.get(venueCode);
    if (byCode !== undefined) return byCode;
  }
  if (httpStatus !== undefined && httpStatus >= 500) return { kind: 'unknown' };
  for (const [className, verdict] of CCXT_CLASSES) if (classNames.includes(className)) return verdict;
  // BadRequest, BadSymbol, NotSupported, an unmapped ExchangeError: our request or config is wrong.
  return { kind: 'halt' };
}

/** Constructor names along the prototype chain, most specific first (`['InsufficientFunds', 'ExchangeError', 'BaseError', 'Error']`). */
function prototypeNames(error: Error): string[] {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(error) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    names.push((proto as { constructor: { name: string } }).constructor.name);
  }
  return names;
}

/**
 * `{"code":-2019,"msg":…}` in the body ccxt appends, as a number. OKX wraps an order's own code in an
 * envelope (`{"code":"1","data":[{"sCode":"51016",…}]}`): the order's `sCode` is the one that says why.
 */
export function parseVenueCode(message: string): number | undefined {
  for (const pattern of [/"sCode"\s*:\s*"?(-?\d+)"?/, /"(?:code|retCode)"\s*:\s*"?(-?\d+)"?/]) {
    const match = pattern.exec(message);
    if (match === null) continue;
    const code = Number(match[1]);
    if (code !== 0) return code;
  }
  return undefined;
}

/** The HTTP status ccxt writes into its messages: `binanceusdm 429 Too Many…` or `binanceusdm POST https://… 503 Service…`. */
export function parseHttpStatus(message: string): number | undefined {
  const match = /^\S+ (?:(?:GET|POST|PUT|DELETE) \S+ )?([45]\d\d)\b/.exec(message);
  return match === null ? undefined : Number(match[1]);
}
