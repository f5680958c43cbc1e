/** Exchange health verdicts, from best to worst. */
export const HealthState = { HEALTHY: 'HEALTHY', DEGRADED: 'DEGRADED', DOWN: 'DOWN' } as const;
export type HealthState = (typeof HealthState)[keyof typeof HealthState];

/** Where the health verdict's limits come from: data (config `routing.health`), never constants in code. */
export interface HealthThresholds {
  /** Sliding window the error rate and latency percentiles are measured over, ms. */
  readonly windowMs: number;
  /** Fewer requests than this in the window: the error rate is not judged (a few errors are no rate). */
  readonly minSamples: number;
  /** Share of requests in the window failing for a venue reason at which the venue is DEGRADED. */
  readonly degradedErrorRatio: number;
  /** Share at which it is DOWN. */
  readonly downErrorRatio: number;
  /** Venue failures in a row (5xx, timeouts, network) that make it DOWN whatever the window says. */
  readonly downAfterConsecutiveFailures: number;
  /** 95th percentile of request latency at or above which the venue is DEGRADED, ms. */
  readonly degradedLatencyP95Ms: number;
  /** Largest venue clock offset, either way, before the venue is DEGRADED, ms. */
  readonly maxClockOffsetMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  windowMs: 300_000,
  minSamples: 5,
  degradedErrorRatio: 0.1,
  downErrorRatio: 0.5,
  downAfterConsecutiveFailures: 5,
  degradedLatencyP95Ms: 2_000,
  maxClockOffsetMs: 1_000,
};
