//! The CLI run in the test's own process (one child less per command), with what it writes captured.
import { main } from '../../src/interfaces/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Both streams interleaved in the order written, as a terminal shows them. */
  readonly out: string;
}

/** Runs `rampart ARGS` through the CLI's main in this process; stdout and stderr are restored after, also on a throw. */
export async function cliInProcess(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let out = '';
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), (out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), (out += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr, out };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
