import { HealthState, type HealthThresholds } from './healthThresholds.ts';
import { RequestErrorClass, VENUE_FAULT_CLASSES, type RequestOutcome } from './requestOutcome.ts';

/** Circuit-breaker state as the gateway reports it. */
export type CircuitStateName = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** The health of one venue account at a moment: what `rampart exchanges status` prints and the store keeps. */
export interface ExchangeHealthSnapshot {
  readonly account: string;
  readonly venue: string;
  readonly atMs: number;
  readonly state: HealthState;
  /** Since when the state has been what it is, epoch ms. */
  readonly stateSinceMs: number;
  /** Why the state is not HEALTHY (empty when it is). */
  readonly reasons: readonly string[];
  /** undefined: no REST request yet. */
  readonly restReachable: boolean | undefined;
  /** undefined: no stream opened. */
  readonly wsReachable: boolean | undefined;
  readonly samples: number;
  readonly errorRatio: number;
  readonly errorsByClass: Readonly<Partial<Record<RequestErrorClass, number>>>;
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly p99: number | null };
  readonly clockOffsetMs: number | null;
  readonly circuit: CircuitStateName;
  readonly bannedUntilMs: number | null;
}

/**
 * Health of one venue account, fed with the outcomes its gateway sees (pure: every input carries its
 * time; nothing here reads a clock). HEALTHY / DEGRADED / DOWN by the thresholds given as data.
 */
export class ExchangeHealth {
  private outcomes: RequestOutcome[] = [];
  private consecutiveFaults = 0;
  private lastRestOk: boolean | undefined;
  private wsConnected: boolean | undefined;
  private clockOffsetMs: number | null = null;
  private circuit: CircuitStateName = 'CLOSED';
  private bannedUntilMs: number | null = null;
  private state: HealthState = HealthState.HEALTHY;
  private stateSinceMs: number;

  constructor(
    readonly account: string,
    readonly venue: string,
    private readonly thresholds: HealthThresholds,
    startedAtMs: number,
  ) {
    this.stateSinceMs = startedAtMs;
  }

  onRequest(outcome: RequestOutcome): void {
    this.outcomes.push(outcome);
    const fault = outcome.errorClass !== undefined && VENUE_FAULT_CLASSES.has(outcome.errorClass);
    this.consecutiveFaults = fault ? this.consecutiveFaults + 1 : 0;
    if (outcome.channel === 'rest') this.lastRestOk = !fault;
    else this.wsConnected = !fault;
  }

  onStream(connected: boolean): void {
    this.wsConnected = connected;
  }

  onClockOffset(offsetMs: number): void {
    this.clockOffsetMs = offsetMs;
  }

  onCircuit(state: CircuitStateName): void {
    this.circuit = state;
  }

  onBan(untilMs: number | null): void {
    this.bannedUntilMs = untilMs;
  }

  /** The verdict at `nowMs`; the window slides with it. */
  snapshot(nowMs: number): ExchangeHealthSnapshot {
    const t = this.thresholds;
    this.outcomes = this.outcomes.filter((outcome) => outcome.atMs > nowMs - t.windowMs);
    const errorsByClass: Partial<Record<RequestErrorClass, number>> = {};
    let faults = 0;
    for (const outcome of this.outcomes) {
      if (outcome.errorClass === undefined) continue;
      errorsByClass[outcome.errorClass] = (errorsByClass[outcome.errorClass] ?? 0) + 1;
      if (VENUE_FAULT_CLASSES.has(outcome.errorClass)) faults += 1;
    }
    const samples = this.outcomes.length;
    const errorRatio = samples === 0 ? 0 : faults / samples;
    const latencies = this.outcomes.map((outcome) => outcome.latencyMs).sort((a, b) => a - b);
    const latencyMs = { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
    const banned = this.bannedUntilMs !== null && this.bannedUntilMs > nowMs;
    const down: string[] = [];
    const degraded: string[] = [];
    if (banned) down.push(`IP banned until ${new Date(this.bannedUntilMs ?? 0).toISOString()}`);
    if (this.circuit === 'OPEN') down.push('circuit breaker open');
    if (this.consecutiveFaults >= t.downAfterConsecutiveFailures) down.push(`${this.consecutiveFaults} venue failures in a row (limit ${t.downAfterConsecutiveFailures})`);
    const judged = samples >= t.minSamples;
    if (judged && errorRatio >= t.downErrorRatio) down.push(`error rate ${pct(errorRatio)} ≥ ${pct(t.downErrorRatio)} over ${samples} requests`);
    else if (judged && errorRatio >= t.degradedErrorRatio) degraded.push(`error rate ${pct(errorRatio)} ≥ ${pct(t.degradedErrorRatio)} over ${samples} requests`);
    if (this.circuit === 'HALF_OPEN') degraded.push('circuit breaker half-open (probing)');
    if (latencyMs.p95 !== null && judged && latencyMs.p95 >= t.degradedLatencyP95Ms) degraded.push(`p95 latency ${latencyMs.p95} ms ≥ ${t.degradedLatencyP95Ms} ms`);
    if (this.clockOffsetMs !== null && Math.abs(this.clockOffsetMs) > t.maxClockOffsetMs) degraded.push(`clock offset ${this.clockOffsetMs} ms beyond ±${t.maxClockOffsetMs} ms`);
    if (this.wsConnected === false) degraded.push('websocket disconnected');
    if (this.lastRestOk === false && down.length === 0) degraded.push('last REST request failed');
    if ((errorsByClass.RATE_LIMITED ?? 0) > 0) degraded.push(`${errorsByClass.RATE_LIMITED} rate-limited requests in the window`);
    const state = down.length > 0 ? HealthState.DOWN : degraded.length > 0 ? HealthState.DEGRADED : HealthState.HEALTHY;
    if (state !== this.state) {
      this.state = state;
      this.stateSinceMs = nowMs;
    }
    return {
      account: this.account,
      venue: this.venue,
      atMs: nowMs,
      state,
      stateSinceMs: this.stateSinceMs,
      reasons: [...down, ...degraded],
      restReachable: this.lastRestOk,
      wsReachable: this.wsConnected,
      samples,
      errorRatio,
      errorsByClass,
      latencyMs,
      clockOffsetMs: this.clockOffsetMs,
      circuit: this.circuit,
      bannedUntilMs: banned ? this.bannedUntilMs : null,
    };
  }
}

/** Nearest-rank percentile of sorted values; null for none. */
function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
