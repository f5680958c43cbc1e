import { LockLostError } from '../../domain/errors/lockLostError.ts';
import type { LiveAccountRunner } from '../../engine/live/liveAccountRunner.ts';
import { LiveReadiness, LiveStartRefusedError } from '../../engine/live/liveTypes.ts';
import type { Logger } from '../../ports/logger.ts';

/** A write the disk could not take: SQLite's SQLITE_FULL, the OS's ENOSPC. */
export function isStoreFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full|no space left on device/i.test(error instanceof Error ? error.message : String(error));
}

/**
 * One runner step that must not end the process (case 45, "degrade, don't die"): a failed store write
 * (disk full, SQLITE_FULL) or an unexpected venue error is an alert, and the step is tried again at
 * the next check. Nothing is sent without a stored intent, so a full disk stops new orders by itself,
 * and the venue's protective orders stay. Only a lost runner lock ends the job.
 */
export async function degraded<T>(logger: Logger, runner: Pick<LiveAccountRunner, 'account' | 'readiness'>, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    // A runner that lost its lock must stop, not retry: another runner owns the account now.
    if (error instanceof LiveStartRefusedError || error instanceof LockLostError) throw error;
    const storeFull = isStoreFull(error);
    logger.error(storeFull ? 'alert_store_full' : 'alert_runner_step_failed', { account: runner.account, reason: `${(error as Error).message}; ${storeFull ? 'no new order is sent until the store can write again, protective orders stay at the venue' : 'tried again at the next check'}` });
    runner.readiness = LiveReadiness.NOT_READY;
    return undefined;
  }
}

