import { AlertSeverity, type Alert, type AlertChannel } from '../../ports/alertChannel.ts';

const RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

/** A channel and the least severity it receives. */
export interface AlertRoute {
  readonly channel: AlertChannel;
  readonly minSeverity: AlertSeverity;
}

export interface AlertRouterSettings {
  /** The same alert key is sent once within this window, ms (a condition seen every bar pages once). */
  readonly dedupWindowMs: number;
  /** At most `maxAlerts` per channel within `windowMs`; critical alerts are never dropped by it. */
  readonly rateLimit: { readonly maxAlerts: number; readonly windowMs: number };
  /** A failed delivery is tried again after initialDelayMs, doubling up to maxDelayMs, `attempts` times in all. */
  readonly retry: { readonly attempts: number; readonly initialDelayMs: number; readonly maxDelayMs: number };
}

/** Why an alert did not reach a channel (yet): written to the log by the caller, never routed again. */
export interface DeliveryProblem {
  readonly channel: string;
  readonly event: string;
  readonly kind: 'retrying' | 'failed' | 'rate_limited';
  readonly attempt: number;
  readonly reason: string;
  readonly retryInMs?: number;
}

export interface AlertRouterDeps {
  readonly routes: readonly AlertRoute[];
  readonly settings: AlertRouterSettings;
  readonly nowMs: () => number;
  /** Runs `task` after `delayMs` (timers are the caller's: tests step them by hand). */
  readonly schedule: (task: () => void, delayMs: number) => void;
  readonly onProblem: (problem: DeliveryProblem) => void;
}

/**
 * Routes alerts to channels: each severity to the channels that take it, the same key once per
 * dedup window, a rate limit per channel, failed deliveries retried with backoff. `publish` returns at
 * once and never throws: delivery runs on scheduled tasks, so the trading path never waits on a channel.
 */
export class AlertRouter {
  private readonly lastSentAtMs = new Map<string, number>();
  private readonly lastKeyOfGroup = new Map<string, string>();
  private readonly sentAtMs = new Map<string, number[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private pendingTasks = 0;
  private idle: Array<() => void> = [];
  /** Alerts a dedup window held back, for the record. */
  suppressed = 0;

  constructor(private readonly deps: AlertRouterDeps) {}

  publish(alert: Alert): void {
    // HALTED, then ACTIVE, then HALTED again is three changes: a new state forgets the group's earlier ones.
    const previousKey = this.lastKeyOfGroup.get(alert.group);
    if (previousKey !== undefined && previousKey !== alert.key) this.lastSentAtMs.delete(previousKey);
    this.lastKeyOfGroup.set(alert.group, alert.key);
    const last = this.lastSentAtMs.get(alert.key);
    if (last !== undefined && alert.atMs - last < this.deps.settings.dedupWindowMs) {
      this.suppressed++;
      return;
    }
    this.lastSentAtMs.set(alert.key, alert.atMs);
    for (const route of this.deps.routes) {
      if (RANK[alert.severity] < RANK[route.minSeverity]) continue;
      if (!this.withinRateLimit(route.channel.name, alert)) {
        this.deps.onProblem({ channel: route.channel.name, event: alert.event, kind: 'rate_limited', attempt: 0, reason: `more than ${this.deps.settings.rateLimit.maxAlerts} alerts within ${this.deps.settings.rateLimit.windowMs} ms: dropped` });
        continue;
      }
      this.later(() => this.attempt(route.channel, alert, 1), 0);
    }
  }

  /** Resolves once no delivery is pending or in flight (at shutdown, bounded by the caller). */
  settled(): Promise<void> {
    if (this.pendingTasks === 0 && this.inFlight.size === 0) return Promise.resolve();
    return new Promise((done) => this.idle.push(done));
  }

  private withinRateLimit(channel: string, alert: Alert): boolean {
    const { maxAlerts, windowMs } = this.deps.settings.rateLimit;
    const now = this.deps.nowMs();
    const recent = (this.sentAtMs.get(channel) ?? []).filter((atMs) => now - atMs < windowMs);
    // A page is never dropped: critical alerts count against the limit but always pass it.
    const allowed = recent.length < maxAlerts || alert.severity === AlertSeverity.CRITICAL;
    if (allowed) recent.push(now);
    this.sentAtMs.set(channel, recent);
    return allowed;
  }

  private later(task: () => void, delayMs: number): void {
    this.pendingTasks++;
    this.deps.schedule(() => {
      this.pendingTasks--;
      task();
      this.checkIdle();
    }, delayMs);
  }

  private attempt(channel: AlertChannel, alert: Alert, attempt: number): void {
    let delivery: Promise<void>;
    try {
      delivery = channel.send(alert);
    } catch (error) {
      delivery = Promise.reject(error);
    }
    const tracked: Promise<void> = delivery.then(
      () => undefined,
      (error: unknown) => this.onFailure(channel, alert, attempt, error),
    ).finally(() => {
      this.inFlight.delete(tracked);
      this.checkIdle();
    });
    this.inFlight.add(tracked);
  }

  private onFailure(channel: AlertChannel, alert: Alert, attempt: number, error: unknown): void {
    const { attempts, initialDelayMs, maxDelayMs } = this.deps.settings.retry;
    const reason = error instanceof Error ? error.message : 'delivery failed';
    if (attempt >= attempts) {
      this.deps.onProblem({ channel: channel.name, event: alert.event, kind: 'failed', attempt, reason: `${reason}; gave up after ${attempt} attempts` });
      return;
    }
    const retryInMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    this.deps.onProblem({ channel: channel.name, event: alert.event, kind: 'retrying', attempt, reason, retryInMs });
    this.later(() => this.attempt(channel, alert, attempt + 1), retryInMs);
  }

  private checkIdle(): void {
    if (this.pendingTasks !== 0 || this.inFlight.size !== 0) return;
    const waiting = this.idle;
    this.idle = [];
    for (const done of waiting) done();
  }
}
