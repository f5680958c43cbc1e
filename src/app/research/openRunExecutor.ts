import type { PreparedSweep } from './prepareSweep.ts';
import type { RunExecutor } from './runExecutor.ts';

/**
 * The executor a sweep or walk-forward runs on: the one given (the BullMQ queue), else a pool of
 * `threads` worker threads here. The pool's module (piscina) is loaded only then, not with every
 * command of the CLI.
 */
export async function openRunExecutor(prepared: PreparedSweep, given: ((prepared: PreparedSweep) => Promise<RunExecutor>) | undefined, threads: number): Promise<RunExecutor> {
  if (given !== undefined) return given(prepared);
  const { ThreadPoolExecutor } = await import('./threadPoolExecutor.ts');
  return new ThreadPoolExecutor(prepared.files, prepared.context.data, threads);
}
