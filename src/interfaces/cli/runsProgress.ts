import { SingleBar } from 'cli-progress';

/**
 * Progress of a sweep on stderr: runs done, runs/s and ETA. On a terminal a cli-progress bar redraws in
 * place; without one (CI, a log file) a line is printed at every tenth of the runs, and at the end.
 */
export function createRunsProgress(label: string, enabled: boolean, nowMs: () => number = Date.now): { update(done: number, total: number): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const startMs = nowMs();
  const rate = (done: number) => done / Math.max(1e-3, (nowMs() - startMs) / 1000);
  const eta = (done: number, total: number) => (done === 0 ? '?' : `${Math.round((total - done) / rate(done))}s`);
  if (!process.stderr.isTTY) {
    let lastDecile = -1;
    return {
      update(done, total) {
        const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        process.stderr.write(`${label}: ${done}/${total} runs (${Math.round((done / Math.max(1, total)) * 100)}%), ${rate(done).toFixed(1)} runs/s, ETA ${eta(done, total)}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} runs, {rate} runs/s, ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done, { rate: '0.0' });
        started = true;
      } else bar.update(done, { rate: rate(done).toFixed(1) });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
