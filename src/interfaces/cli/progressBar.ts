import { SingleBar } from 'cli-progress';

/**
 * A progress reporter for long work, on stderr so stdout stays clean for tables and JSON.
 * Without a terminal it prints a line at most every 10% instead of redrawing.
 */
export function createProgress(label: string, enabled: boolean): { update(done: number, total: number): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    let lastDecile = -1;
    return {
      update(done, total) {
        const decile = Math.floor((done / Math.max(1, total)) * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          process.stderr.write(`${label}: ${Math.round((done / Math.max(1, total)) * 100)}% (${done}/${total})\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} bars`, stream: process.stderr, hideCursor: true });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
