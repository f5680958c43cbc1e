export const CircuitState = { CLOSED: 'CLOSED', OPEN: 'OPEN', HALF_OPEN: 'HALF_OPEN' } as const;
export type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];

export interface CircuitBreakerPolicy {
  /** Consecutive venue failures (5xx, timeouts, network) that open the circuit. */
  readonly failuresToOpen: number;
  /** How long the circuit stays open before one probe is let through. */
  readonly openForMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER_POLICY: CircuitBreakerPolicy = { failuresToOpen: 5, openForMs: 30_000 };

/**
 * Trips on a storm of venue failures (a 503 storm) so requests stop piling onto a failing venue.
 * After `openForMs` exactly one probe goes through (half-open); its success closes the circuit, its
 * failure re-opens it. Once tripped, `needsFullReconciliation` stays set until the caller reconciles:
 * orders may have changed on the venue while it could not be asked.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAtMs = 0;
  private probeInFlight = false;
  private currentState: CircuitState = CircuitState.CLOSED;
  private reconciliationNeeded = false;

  constructor(
    private readonly nowMs: () => number,
    private readonly policy: CircuitBreakerPolicy = DEFAULT_CIRCUIT_BREAKER_POLICY,
  ) {}

  get state(): CircuitState {
    if (this.currentState === CircuitState.OPEN && this.nowMs() - this.openedAtMs >= this.policy.openForMs) return CircuitState.HALF_OPEN;
    return this.currentState;
  }

  get needsFullReconciliation(): boolean {
    return this.reconciliationNeeded;
  }

  /** Milliseconds until a probe may be sent (0 when closed or a probe is allowed). */
  get remainingOpenMs(): number {
    return this.currentState === CircuitState.CLOSED ? 0 : Math.max(0, this.openedAtMs + this.policy.openForMs - this.nowMs());
  }

  /** Whether a request may go out now; in half-open state only the first caller gets through. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === CircuitState.CLOSED) return true;
    if (state === CircuitState.OPEN || this.probeInFlight) return false;
    this.currentState = CircuitState.HALF_OPEN;
    this.probeInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
    this.currentState = CircuitState.CLOSED;
  }

  onFailure(): void {
    this.consecutiveFailures += 1;
    const probeFailed = this.probeInFlight;
    this.probeInFlight = false;
    if (probeFailed || this.consecutiveFailures >= this.policy.failuresToOpen) {
      this.currentState = CircuitState.OPEN;
      this.openedAtMs = this.nowMs();
      this.reconciliationNeeded = true;
    }
  }

  /** A request that ended without a verdict on the venue's health (a denial, a rate limit). */
  onNeutral(): void {
    this.probeInFlight = false;
    if (this.currentState === CircuitState.HALF_OPEN) this.currentState = CircuitState.OPEN;
  }

  /** The caller has reconciled orders and positions with the venue. */
  markReconciled(): void {
    if (this.currentState === CircuitState.CLOSED) this.reconciliationNeeded = false;
  }
}
