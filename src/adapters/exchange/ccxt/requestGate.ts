import { OrderDeniedError, OperationalHaltError, RateLimitedError, RetryableExchangeError, UnknownOrderOutcomeError } from '../../../domain/errors/exchangeErrors.ts';
import { CircuitBreaker, CircuitState, DEFAULT_CIRCUIT_BREAKER_POLICY, type CircuitBreakerPolicy } from './circuitBreaker.ts';

/**
 * What a request is for, most important first. Under pressure (a 429, weight near the budget, an
 * open circuit) the lower classes are shed before the higher ones wait.
 * - ESSENTIAL: cancels and reduce-only / protective orders (Binance exempts them from -1008 too).
 * - ENTRY: new orders that may add risk; held while a full reconciliation is pending.
 * - ORDER: order look-ups by client id, setup, clock sync, market loading.
 * - POLL: reads that will be repeated anyway (balances, positions, candles, open orders).
 */
export const RequestPriority = { ESSENTIAL: 'ESSENTIAL', ENTRY: 'ENTRY', ORDER: 'ORDER', POLL: 'POLL' } as const;
export type RequestPriority = (typeof RequestPriority)[keyof typeof RequestPriority];

export interface RequestGateIncident {
  readonly kind: 'IP_BANNED' | 'CIRCUIT_OPENED' | 'CIRCUIT_CLOSED';
  readonly severity: 'WARNING' | 'CRITICAL';
  readonly message: string;
  readonly detail: { [key: string]: string | number | boolean };
}

export interface RequestGateOptions {
  readonly nowMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The venue's request-weight budget per minute (Binance USDT-M: 2400 per IP). */
  readonly weightLimitPerMinute?: number;
  /** Share of the budget above which POLL requests are shed until the minute rolls over. */
  readonly sheddingWeightRatio?: number;
  readonly circuitBreaker?: CircuitBreakerPolicy;
  /** Raised for a ban and for the circuit opening/closing; the runner stores it and alerts. */
  readonly onIncident?: (incident: RequestGateIncident) => void;
}

export interface RequestGateStatus {
  readonly banned: boolean;
  readonly rateLimitedForMs: number;
  readonly usedWeight: number | undefined;
  readonly sheddingPolls: boolean;
  readonly circuit: CircuitState;
  /** Set when the circuit tripped; the runner reconciles and calls markReconciled() before new entries. */
  readonly needsFullReconciliation: boolean;
}

const MINUTE_MS = 60_000;
const NON_ESSENTIAL_STAGGER_MS = 250;

/**
 * One gate in front of every request to a venue account (Binance limits are per IP):
 * - 429: every request waits at least Retry-After, essential ones first and polling last.
 * - 418: every request fails at once, with no HTTP call, until the ban lifts; an incident is raised.
 * - weight above the shedding ratio (X-MBX-USED-WEIGHT-1M): POLL requests are refused until the minute rolls.
 * - a failure storm opens the circuit breaker: requests fail fast, one probe after the cool-down, and
 *   new (non-essential) orders stay refused until the caller has reconciled.
 */
export class RequestGate {
  private blockedUntilMs = 0;
  private banned = false;
  private usedWeight: number | undefined;
  private weightMinute = -1;
  private readonly breaker: CircuitBreaker;
  private readonly weightLimit: number;
  private readonly sheddingRatio: number;

  constructor(private readonly options: RequestGateOptions) {
    this.breaker = new CircuitBreaker(options.nowMs, options.circuitBreaker ?? DEFAULT_CIRCUIT_BREAKER_POLICY);
    this.weightLimit = options.weightLimitPerMinute ?? 2400;
    this.sheddingRatio = options.sheddingWeightRatio ?? 0.8;
  }

  /** Waits out a rate limit, or throws when the request must not go out now. */
  async pass(venue: string, priority: RequestPriority = RequestPriority.ORDER): Promise<void> {
    this.refuseWhileBanned(venue);
    if (priority === RequestPriority.POLL && this.weightShedding()) {
      const untilNextMinuteMs = MINUTE_MS - (this.options.nowMs() % MINUTE_MS);
      throw new RateLimitedError(`${venue}: polling is shed: request weight ${this.usedWeight} of ${this.weightLimit} is above ${this.sheddingRatio * 100}% of the budget`, { retryAfterMs: untilNextMinuteMs, banned: false });
    }
    if (this.breaker.needsFullReconciliation && priority === RequestPriority.ENTRY) {
      throw new RetryableExchangeError(`${venue}: new orders are held until a full reconciliation after the circuit breaker tripped`);
    }
    // Everything waits out Retry-After; each class has its own release time after it (cancels and
    // reduce-only orders first, polling last), so a request that already slept Retry-After itself
    // (a resent order) still lines up behind the essential ones. A 429 or a 418 arriving meanwhile
    // extends the wait instead of letting the sleeper hammer the venue.
    const staggerMs = priority === RequestPriority.ESSENTIAL ? 0 : priority === RequestPriority.POLL ? 2 * NON_ESSENTIAL_STAGGER_MS : NON_ESSENTIAL_STAGGER_MS;
    for (let waitMs = this.blockedUntilMs + staggerMs - this.options.nowMs(); waitMs > 0 && this.blockedUntilMs > 0; waitMs = this.blockedUntilMs + staggerMs - this.options.nowMs()) {
      await this.options.sleep(waitMs);
      this.refuseWhileBanned(venue);
    }
    if (!this.breaker.tryAcquire()) {
      const waitMs = this.breaker.remainingOpenMs;
      throw new RetryableExchangeError(`${venue}: circuit breaker ${this.breaker.state} after repeated venue failures; no request sent (next probe in ${waitMs} ms)`);
    }
  }

  private refuseWhileBanned(venue: string): void {
    const remainingMs = this.blockedUntilMs - this.options.nowMs();
    if (remainingMs > 0 && this.banned) {
      throw new RateLimitedError(`${venue}: requests are stopped for ${Math.ceil(remainingMs / 1000)} s more after an IP ban (HTTP 418)`, { retryAfterMs: remainingMs, banned: true });
    }
    if (remainingMs <= 0) this.banned = false;
  }

  /** Records what came back: the weight header and the outcome's verdict on the venue's health. */
  onResult(error: Error | undefined, usedWeightHeader: number | undefined, venue: string): void {
    if (usedWeightHeader !== undefined && Number.isFinite(usedWeightHeader)) {
      this.usedWeight = usedWeightHeader;
      this.weightMinute = Math.floor(this.options.nowMs() / MINUTE_MS);
    }
    const before = this.breaker.state;
    if (error === undefined || error instanceof OrderDeniedError || error instanceof OperationalHaltError || (error instanceof RetryableExchangeError && error.clockSkew)) {
      // The venue answered: it is up.
      this.breaker.onSuccess();
    } else if (error instanceof UnknownOrderOutcomeError || error instanceof RetryableExchangeError) {
      this.breaker.onFailure();
    } else {
      if (error instanceof RateLimitedError) this.onRateLimited(error, venue);
      this.breaker.onNeutral();
    }
    const after = this.breaker.state;
    if (before !== CircuitState.OPEN && after === CircuitState.OPEN) {
      this.options.onIncident?.({ kind: 'CIRCUIT_OPENED', severity: 'CRITICAL', message: `${venue}: circuit breaker opened after repeated venue failures; full reconciliation required before new entries`, detail: { venue, lastError: error?.message ?? '' } });
    } else if (before !== CircuitState.CLOSED && after === CircuitState.CLOSED) {
      this.options.onIncident?.({ kind: 'CIRCUIT_CLOSED', severity: 'WARNING', message: `${venue}: circuit breaker closed after a successful probe; reconcile before resuming`, detail: { venue } });
    }
  }

  /** Records a rate limit the venue reported. */
  onRateLimited(error: RateLimitedError, venue = 'venue'): void {
    const untilMs = this.options.nowMs() + error.retryAfterMs;
    this.blockedUntilMs = Math.max(this.blockedUntilMs, untilMs);
    if (error.banned && !this.isBanned) {
      this.banned = true;
      this.options.onIncident?.({ kind: 'IP_BANNED', severity: 'CRITICAL', message: `${venue}: IP banned (HTTP 418); all requests stopped for ${Math.ceil(error.retryAfterMs / 1000)} s`, detail: { venue, retryAfterMs: error.retryAfterMs, untilMs } });
    }
    if (error.banned) this.banned = true;
  }

  /**
   * A ban an earlier process received (read back from the store): every request is refused without a
   * call until `untilMs`, and no new incident is raised for it.
   */
  restoreBan(untilMs: number): void {
    if (untilMs <= this.options.nowMs()) return;
    this.blockedUntilMs = Math.max(this.blockedUntilMs, untilMs);
    this.banned = true;
  }

  /** The caller reconciled orders and positions after the breaker tripped: new orders may flow again. */
  markReconciled(): void {
    this.breaker.markReconciled();
  }

  get isBanned(): boolean {
    return this.banned && this.blockedUntilMs > this.options.nowMs();
  }

  status(): RequestGateStatus {
    return {
      banned: this.isBanned,
      rateLimitedForMs: Math.max(0, this.blockedUntilMs - this.options.nowMs()),
      usedWeight: this.currentWeight(),
      sheddingPolls: this.weightShedding(),
      circuit: this.breaker.state,
      needsFullReconciliation: this.breaker.needsFullReconciliation,
    };
  }

  private currentWeight(): number | undefined {
    // The venue resets the counter every minute; a reading from an earlier minute is stale.
    return this.weightMinute === Math.floor(this.options.nowMs() / MINUTE_MS) ? this.usedWeight : undefined;
  }

  private weightShedding(): boolean {
    const weight = this.currentWeight();
    return weight !== undefined && weight >= this.weightLimit * this.sheddingRatio;
  }
}
