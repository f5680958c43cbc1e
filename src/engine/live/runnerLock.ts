import type { Clock } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { LockHolder } from '../../ports/tradeStore.ts';
import { LiveStartRefusedError } from './liveTypes.ts';
import type { RunnerStore } from './runnerStore.ts';

export interface RunnerLockDeps {
  readonly account: string;
  /** Lock owner, e.g. `host:pid`. */
  readonly owner: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Heartbeat age after which another runner may take the lock. */
  readonly ttlMs: number;
  /** Whether a holder's process (its owner name) is known to be gone: its lock is then taken at once. */
  readonly lockHolderGone?: (owner: string) => boolean;
}

/**
 * One account's runner lock as a live runner holds it: taken with a fencing token that every write of
 * the runner's store carries, kept alive by heartbeats, confirmed before each venue order, released
 * only while still ours.
 */
export class RunnerLock {
  readonly name: string;
  private held = false;
  /** When the store last confirmed the lock as ours (acquired, or a heartbeat went through). */
  private confirmedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: RunnerStore,
    private readonly deps: RunnerLockDeps,
  ) {
    this.name = `runner:${deps.account}`;
  }

  /** Whether another runner took the lock (the runner then writes nothing and sends nothing). */
  get lost(): boolean {
    return this.store.lost !== undefined;
  }

  /**
   * Takes the lock with a new fencing token when it is free, stale (heartbeat past its ttl) or held by a
   * process known to be gone; a takeover is recorded as a LOCK_TAKEN_OVER incident. Throws
   * LiveStartRefusedError (code LOCKED) naming the holder otherwise.
   */
  async take(): Promise<void> {
    const { deps, store } = this;
    let lock = await store.acquireLock(this.name, deps.owner, deps.ttlMs, deps.clock.nowMs());
    if (!lock.acquired && deps.lockHolderGone?.(lock.owner) === true) {
      lock = await store.acquireLock(this.name, deps.owner, deps.ttlMs, deps.clock.nowMs(), { takeOverFrom: { owner: lock.owner, token: lock.token } });
    }
    if (!lock.acquired) {
      throw new LiveStartRefusedError(deps.account, 'LOCKED', `another runner holds ${this.name}: owner ${lock.owner}, last heartbeat ${new Date(lock.heartbeatAtMs).toISOString()} (ttl ${lock.ttlMs} ms), its process not known to be gone`);
    }
    store.hold(this.name, lock.token);
    this.held = true;
    this.confirmedAtMs = deps.clock.nowMs();
    if (lock.previous === undefined) return;
    try {
      await this.recordTakeover(lock.previous, lock.token);
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  /**
   * Refreshes the heartbeat, also between bars (a bar longer than the ttl must not let the lock go
   * stale). Throws LockLostError once another runner holds the lock: the runner must stop.
   */
  async keepAlive(): Promise<void> {
    if (this.store.lost !== undefined) throw this.store.lost;
    const nowMs = this.deps.clock.nowMs();
    if (!(await this.store.heartbeat(this.name, this.deps.owner, nowMs))) throw this.store.loseLock();
    this.confirmedAtMs = nowMs;
  }

  /**
   * Before a venue order is sent or cancelled: the lock is still ours. Another runner takes it over only
   * once its heartbeat is past the ttl, so a heartbeat confirmed within half the ttl needs no store
   * round trip; an older one is refreshed first (LockLostError when another runner holds the lock).
   */
  async confirm(): Promise<void> {
    if (this.store.lost !== undefined) throw this.store.lost;
    if (this.deps.clock.nowMs() - this.confirmedAtMs <= this.deps.ttlMs / 2) return;
    await this.keepAlive();
  }

  /** Releases the lock if this runner still holds it (through the fenced view: never a successor's). */
  async release(): Promise<void> {
    if (this.held) await this.store.releaseLock(this.name, this.deps.owner);
    this.held = false;
  }

  /** The audit record of a takeover: whose hold this runner replaced, and why it could. */
  private async recordTakeover(previous: LockHolder, token: number): Promise<void> {
    const { deps } = this;
    const nowMs = deps.clock.nowMs();
    const reason =
      previous.owner === deps.owner
        ? 'same owner started again'
        : previous.heartbeatAtMs + previous.ttlMs < nowMs
          ? `heartbeat ${nowMs - previous.heartbeatAtMs} ms old, past its ttl ${previous.ttlMs} ms`
          : 'its process is gone';
    const detail = { account: deps.account, lock: this.name, previousOwner: previous.owner, previousToken: previous.token, previousHeartbeatAtMs: previous.heartbeatAtMs, owner: deps.owner, token, reason };
    await this.store.recordIncident({ atMs: nowMs, kind: 'LOCK_TAKEN_OVER', severity: 'WARNING', detail });
    deps.logger.warn('lock_taken_over', { account: deps.account, owner: previous.owner, reason: `${this.name} taken from ${previous.owner} (token ${previous.token}, now ${token}): ${reason}` });
  }
}
