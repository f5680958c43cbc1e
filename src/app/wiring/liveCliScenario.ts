//! Test support for live CLI scenarios: a config with a short command check, waiting on the venue
//! or the child's output, and stopping the child the way an operator does.
import { appendFileSync } from 'node:fs';
import type { CliProcess, CliResult, LiveCliHarness } from './liveCliHarness.ts';

/** Appends a `live` section to the harness config (the child process reads the file). */
export function withLiveSection(harness: LiveCliHarness, live: Record<string, number | string>): void {
  appendFileSync(harness.configPath, `\nlive: {${Object.entries(live).map(([key, value]) => `${key}: ${value}`).join(', ')}}\n`);
}

/** Polls `condition` until it holds; fails with `what` and the child's output after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: { timeoutMs?: number; child?: CliProcess } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  const output = options.child === undefined ? '' : `\nstdout:\n${options.child.stdout().slice(-4000)}\nstderr:\n${options.child.stderr().slice(-2000)}`;
  throw new Error(`timed out waiting for ${what}${output}`);
}

/** Stops a running child with SIGTERM, as an operator's Ctrl-C would; SIGKILL only if it has not exited within 60 s (a loaded machine can take a while to finish a venue request in flight). */
export async function stopChild(child: CliProcess): Promise<CliResult> {
  if (child.child.exitCode === null) child.child.kill('SIGTERM');
  const timer = setTimeout(() => child.child.kill('SIGKILL'), 60_000);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kills every child the harness spawned that still runs (a failed assertion must not leave a live
 * runner behind, holding the test process open), then closes the harness.
 */
export async function stopAll(harness: LiveCliHarness): Promise<void> {
  for (const child of harness.children) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
  await Promise.all(harness.children.map((child) => child.exited));
  await harness.close();
}

/** Log events (pino JSON lines) the child printed, by `msg`. */
export function loggedEvents(child: CliProcess): string[] {
  const events: string[] = [];
  for (const line of child.stdout().split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as { msg?: string };
      if (typeof parsed.msg === 'string') events.push(parsed.msg);
    } catch {
      // a partial line at the end of the buffer
    }
  }
  return events;
}
