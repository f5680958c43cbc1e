//! Who holds a runner lock, as a process on a host: the owner name a runner writes into its lock
//! (`host:pid`) and the check whether such a holder's process is gone, which lets the next runner take
//! over a SIGKILLed runner's lock at once instead of after its ttl.
import { hostname } from 'node:os';

/** This process as a lock owner: `host:pid`. */
export function lockOwnerOfThisProcess(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * True only when `owner` is `host:pid` for this host and no process has that pid (kill(pid, 0) fails
 * with ESRCH). Another host, a name of another shape, a live process, or one this user may not signal
 * (EPERM) is not known to be gone: its lock is then taken over only once its heartbeat is past its ttl.
 */
export function lockOwnerProcessGone(owner: string, host: string = hostname()): boolean {
  const separator = owner.lastIndexOf(':');
  if (separator <= 0 || owner.slice(0, separator) !== host) return false;
  const pidText = owner.slice(separator + 1);
  if (!/^[1-9][0-9]{0,9}$/.test(pidText)) return false;
  const pid = Number(pidText);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
