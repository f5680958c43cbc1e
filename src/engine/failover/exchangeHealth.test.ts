import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimitedError, RetryableExchangeError, OrderDeniedError, UnknownOrderOutcomeError } from '../../domain/errors/exchangeErrors.ts';
import { ExchangeHealth } from './exchangeHealth.ts';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from './healthThresholds.ts';
import { classifyRequestError, type RequestErrorClass } from './requestOutcome.ts';

const thresholds: HealthThresholds = { ...DEFAULT_HEALTH_THRESHOLDS, windowMs: 60_000, minSamples: 4, degradedErrorRatio: 0.2, downErrorRatio: 0.5, downAfterConsecutiveFailures: 3, degradedLatencyP95Ms: 1_000, maxClockOffsetMs: 500 };

function fed(outcomes: ReadonlyArray<readonly [atMs: number, errorClass: RequestErrorClass | undefined, latencyMs?: number]>): ExchangeHealth {
  const health = new ExchangeHealth('main', 'binanceusdm', thresholds, 0);
  for (const [atMs, errorClass, latencyMs] of outcomes) health.onRequest({ atMs, channel: 'rest', latencyMs: latencyMs ?? 50, ...(errorClass ? { errorClass } : {}) });
  return health;
}

describe('ExchangeHealth', () => {
  it('is HEALTHY with successful fast requests and reports their latency percentiles', () => {
    const snapshot = fed([[1_000, undefined, 10], [2_000, undefined, 20], [3_000, undefined, 30], [4_000, undefined, 40]]).snapshot(5_000);
    assert.equal(snapshot.state, 'HEALTHY');
    assert.deepEqual(snapshot.latencyMs, { p50: 20, p95: 40, p99: 40 });
    assert.equal(snapshot.restReachable, true);
  });

  const table: ReadonlyArray<{ name: string; outcomes: Array<[number, RequestErrorClass | undefined]>; state: string; reason: RegExp }> = [
    { name: 'one 5xx in five requests is DEGRADED (20% error rate)', outcomes: [[1, undefined], [2, 'SERVER'], [3, undefined], [4, undefined], [5, undefined]], state: 'DEGRADED', reason: /error rate 20%/ },
    { name: 'half the requests failing is DOWN', outcomes: [[1, 'SERVER'], [2, undefined], [3, 'TIMEOUT'], [4, undefined]], state: 'DOWN', reason: /error rate 50%/ },
    { name: 'three venue failures in a row are DOWN', outcomes: [[1, 'TIMEOUT'], [2, 'TIMEOUT'], [3, 'SERVER']], state: 'DOWN', reason: /3 venue failures in a row/ },
    { name: 'order denials prove the venue answers: HEALTHY', outcomes: [[1, 'DENIED'], [2, 'DENIED'], [3, 'DENIED'], [4, 'DENIED']], state: 'HEALTHY', reason: /^$/ },
    { name: 'a rate limit degrades', outcomes: [[1, 'RATE_LIMITED']], state: 'DEGRADED', reason: /rate-limited/ },
  ];
  for (const row of table) {
    it(row.name, () => {
      const snapshot = fed(row.outcomes).snapshot(10);
      assert.equal(snapshot.state, row.state, snapshot.reasons.join('; '));
      assert.match(snapshot.reasons.join('; '), row.reason);
    });
  }

  it('forgets failures older than the sliding window', () => {
    const health = fed([[1_000, 'SERVER'], [1_001, 'SERVER'], [1_002, 'SERVER']]);
    assert.equal(health.snapshot(2_000).state, 'DOWN');
    for (let at = 70_000; at < 70_005; at++) health.onRequest({ atMs: at, channel: 'rest', latencyMs: 5 });
    const later = health.snapshot(70_010);
    assert.equal(later.state, 'HEALTHY', 'the failures left the 60 s window and the venue answers again');
    assert.equal(later.stateSinceMs, 70_010, 'the state change is dated when it was seen');
  });

  it('is DOWN while the circuit breaker is open or the IP is banned, DEGRADED half-open', () => {
    const health = fed([]);
    health.onCircuit('OPEN');
    assert.equal(health.snapshot(1).state, 'DOWN');
    health.onCircuit('HALF_OPEN');
    assert.equal(health.snapshot(2).state, 'DEGRADED');
    health.onCircuit('CLOSED');
    health.onBan(10_000);
    assert.equal(health.snapshot(3).state, 'DOWN');
    assert.equal(health.snapshot(10_001).state, 'HEALTHY', 'the ban ended');
  });

  it('degrades on slow requests, a clock offset beyond the bound and a dropped stream', () => {
    const slow = fed([[1, undefined, 1_500], [2, undefined, 1_500], [3, undefined, 1_500], [4, undefined, 1_500]]).snapshot(5);
    assert.equal(slow.state, 'DEGRADED');
    assert.match(slow.reasons.join(), /p95 latency 1500 ms/);
    const skewed = fed([]);
    skewed.onClockOffset(-800);
    assert.match(skewed.snapshot(1).reasons.join(), /clock offset -800 ms/);
    const stream = fed([]);
    stream.onStream(false);
    assert.equal(stream.snapshot(1).state, 'DEGRADED');
    assert.equal(stream.snapshot(1).wsReachable, false);
  });
});

describe('classifyRequestError', () => {
  it('tells venue faults from answers', () => {
    assert.equal(classifyRequestError(new RetryableExchangeError('binanceusdm fetchPositions: ExchangeNotAvailable: 503')), 'SERVER');
    assert.equal(classifyRequestError(new UnknownOrderOutcomeError('binanceusdm createOrder: RequestTimeout: timed out after 10000 ms')), 'TIMEOUT');
    assert.equal(classifyRequestError(new RetryableExchangeError('binanceusdm: circuit breaker OPEN after repeated venue failures')), 'CIRCUIT_OPEN');
    assert.equal(classifyRequestError(new RateLimitedError('418', { retryAfterMs: 1, banned: true })), 'BANNED');
    assert.equal(classifyRequestError(new OrderDeniedError('min notional', { reason: 'BELOW_MIN_NOTIONAL' })), 'DENIED');
    assert.equal(classifyRequestError(new TypeError('bug')), 'OTHER');
  });
});
