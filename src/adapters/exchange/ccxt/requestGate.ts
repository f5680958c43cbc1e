import { RateLimitedError } from '../../../domain/errors/exchangeErrors.ts';

/**
 * One gate in front of every request to a venue account (Binance limits are per IP): after a 429 every
 * request waits out Retry-After; after a 418 ban every request fails at once, with no HTTP call,
 * until the ban lifts.
 */
export class RequestGate {
  private blockedUntilMs = 0;
  private banned = false;

  constructor(
    private readonly nowMs: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Waits out a rate limit or throws during a ban. */
  async pass(venue: string): Promise<void> {
    const remainingMs = this.blockedUntilMs - this.nowMs();
    if (remainingMs <= 0) {
      this.banned = false;
      return;
    }
    if (this.banned) {
      throw new RateLimitedError(`${venue}: requests are stopped for ${Math.ceil(remainingMs / 1000)} s more after an IP ban (HTTP 418)`, { retryAfterMs: remainingMs, banned: true });
    }
    await this.sleep(remainingMs);
  }

  /** Records a rate limit the venue reported. */
  onRateLimited(error: RateLimitedError): void {
    const untilMs = this.nowMs() + error.retryAfterMs;
    this.blockedUntilMs = Math.max(this.blockedUntilMs, untilMs);
    if (error.banned) this.banned = true;
  }

  get isBanned(): boolean {
    return this.banned && this.blockedUntilMs > this.nowMs();
  }
}
