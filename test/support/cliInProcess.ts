//! The CLI run in the test's own process (one child less per command), with what it writes captured.
import { AsyncLocalStorage } from 'node:async_hooks';
import { main } from '../../src/interfaces/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Both streams interleaved in the order written, as a terminal shows them. */
  readonly out: string;
}

const capture = new AsyncLocalStorage<{ stdout: string; stderr: string; out: string }>();

/**
 * Runs `rampart ARGS` through the CLI's main in this process; stdout and stderr are restored after, also on a throw.
 * Only what main's own async chain writes is captured (AsyncLocalStorage): the test runner's report of an earlier
 * test, written on the same stdout while this one runs, goes through, or a failure could be swallowed.
 */
export async function cliInProcess(args: string[]): Promise<CliRun> {
  const captured = { stdout: '', stderr: '', out: '' };
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const divert = (stream: 'stdout' | 'stderr', write: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const run = capture.getStore();
      if (run === undefined) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      run[stream] += String(chunk);
      run.out += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = divert('stdout', writeOut);
  process.stderr.write = divert('stderr', writeErr);
  try {
    const code = await capture.run(captured, () => main(args));
    return { code, ...captured };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
