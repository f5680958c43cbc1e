import { OrderDeniedError, OrderDenialReason, RateLimitedError, RetryableExchangeError, UnknownOrderOutcomeError } from '../../../domain/errors/exchangeErrors.ts';
import type { VenueOrder } from '../../../domain/order/venueOrder.ts';

/** The venue calls the protocol needs; errors arrive already translated (translateCcxtError). */
export interface SubmissionVenue {
  /** Sends the order once under its client order id. */
  send(): Promise<VenueOrder>;
  /** The order with this client order id, or undefined when the venue says it does not exist (yet). */
  findByClientOrderId(): Promise<VenueOrder | undefined>;
  /**
   * The venue's own record (its orders since the send), asked once after the look-ups found nothing:
   * it lists an order that look-ups by client order id still call missing (Binance's lag).
   */
  findInOrderRecord?(): Promise<VenueOrder | undefined>;
  /** Re-measures the offset to the venue clock (after -1021). */
  resyncClock(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export interface SubmissionPolicy {
  /** Look-ups by client order id after an unknown outcome (K). */
  readonly lookupAttempts: number;
  /** Time the look-ups are spread over (T): longer than the venue's "order does not exist" lag. */
  readonly lookupWindowMs: number;
}

/** Binance reports existing orders as missing "for tens of seconds": K = 8 over T = 60 s. */
export const DEFAULT_SUBMISSION_POLICY: SubmissionPolicy = { lookupAttempts: 8, lookupWindowMs: 60_000 };

export type SubmissionOutcome =
  | { readonly status: 'PLACED'; readonly order: VenueOrder; readonly via: 'ACCEPTED' | 'FOUND_AFTER_UNKNOWN' | 'DUPLICATE' }
  /** Still unknown after K look-ups over T: the caller fails closed and reconciliation keeps looking. */
  | { readonly status: 'UNKNOWN'; readonly clientOrderId: string; readonly lookups: number; readonly cause: UnknownOrderOutcomeError };

/**
 * Places an order under its deterministic client order id and establishes what happened.
 * - unknown outcome (5xx, -1006, -1007, timeout): look the id up K times over T; never re-send it.
 * - -1021 (clock): the venue rejected the request, so resync and re-send the SAME id, once.
 * - 429: the request was not processed; wait Retry-After and re-send the same id, once.
 * - -4116 duplicate: the order exists; fetch it.
 * - 418 ban, denials and halts are thrown to the caller.
 */
export async function submitOrder(venue: SubmissionVenue, clientOrderId: string, policy: SubmissionPolicy = DEFAULT_SUBMISSION_POLICY): Promise<SubmissionOutcome> {
  let clockResent = false;
  let rateLimitResent = false;
  for (;;) {
    try {
      return { status: 'PLACED', order: await venue.send(), via: 'ACCEPTED' };
    } catch (error) {
      if (error instanceof UnknownOrderOutcomeError) return lookUp(venue, clientOrderId, policy, error, 'FOUND_AFTER_UNKNOWN');
      if (error instanceof OrderDeniedError && error.reason === OrderDenialReason.DUPLICATE_CLIENT_ORDER_ID) {
        const cause = new UnknownOrderOutcomeError(`${clientOrderId}: the venue reports the client order id as taken but the order is not visible yet`, { cause: error, clientOrderId });
        return lookUp(venue, clientOrderId, policy, cause, 'DUPLICATE');
      }
      if (error instanceof RetryableExchangeError && error.clockSkew && !clockResent) {
        clockResent = true;
        await venue.resyncClock();
        continue;
      }
      if (error instanceof RateLimitedError && !error.banned && !rateLimitResent) {
        rateLimitResent = true;
        await venue.sleep(error.retryAfterMs);
        continue;
      }
      throw error;
    }
  }
}

/** Looks an order up by client order id K times over T, then in the venue's order record; UNKNOWN when it never shows. */
export async function lookUp(venue: Pick<SubmissionVenue, 'findByClientOrderId' | 'findInOrderRecord' | 'sleep'>, clientOrderId: string, policy: SubmissionPolicy, cause: UnknownOrderOutcomeError, via: 'FOUND_AFTER_UNKNOWN' | 'DUPLICATE'): Promise<SubmissionOutcome> {
  const attempts = Math.max(1, policy.lookupAttempts);
  const spacingMs = attempts > 1 ? policy.lookupWindowMs / (attempts - 1) : 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const order = await venue.findByClientOrderId();
      if (order !== undefined) return { status: 'PLACED', order, via };
    } catch (error) {
      // A failed look-up is no verdict either way; a ban or a halt ends the look-ups.
      if (!isTransient(error)) throw error;
      if (error instanceof RateLimitedError) await venue.sleep(error.retryAfterMs);
    }
    if (attempt < attempts) await venue.sleep(spacingMs);
  }
  try {
    const recorded = await venue.findInOrderRecord?.();
    if (recorded !== undefined) return { status: 'PLACED', order: recorded, via };
  } catch (error) {
    // Unanswered, the record settles nothing: the outcome stays UNKNOWN and reconciliation asks again.
    if (!isTransient(error)) throw error;
  }
  return { status: 'UNKNOWN', clientOrderId, lookups: attempts, cause };
}

function isTransient(error: unknown): boolean {
  return error instanceof RetryableExchangeError || error instanceof UnknownOrderOutcomeError || (error instanceof RateLimitedError && !error.banned);
}
