import type { AcquireLockOptions, LockHolder } from '../../ports/tradeStore.ts';

/**
 * Whether `owner` may take a lock that `holder` holds: it is its own, its heartbeat is older than its
 * ttl (a heartbeat exactly ttl old is still fresh), or it is the very hold the caller found dead.
 */
export function mayTakeLock(holder: LockHolder, owner: string, nowMs: number, options: AcquireLockOptions = {}): boolean {
  if (holder.owner === owner) return true;
  if (holder.heartbeatAtMs + holder.ttlMs < nowMs) return true;
  const dead = options.takeOverFrom;
  return dead !== undefined && dead.owner === holder.owner && dead.token === holder.token;
}

/** A fencing token as a view is given it: a positive safe integer. */
export function validateFencingToken(name: string, token: number): void {
  if (!Number.isSafeInteger(token) || token <= 0) throw new RangeError(`fencing token of lock ${name} must be a positive integer, was ${String(token)}`);
}
