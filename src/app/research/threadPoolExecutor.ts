import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { InputError } from '../../domain/errors/inputError.ts';
import type { RunExecutor, RunFailure } from './runExecutor.ts';
import type { SweepFiles } from './sweepContext.ts';
import type { SharedSleeveData } from './sharedSleeveData.ts';
import type { SweepTask, SweepTaskOutcome, SweepWorkerData } from './sweepWorker.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';

const WORKER_ENTRY = new URL('../../../bin/sweepWorkerThread.mjs', import.meta.url).href;
/** Runs handed to the pool per thread at a time: two run in the thread (concurrentTasksPerWorker), two wait. */
const TASKS_IN_FLIGHT_PER_THREAD = 4;

/** Worker threads on this machine (one per core by default), all reading the same shared candles. */
export class ThreadPoolExecutor implements RunExecutor {
  private readonly pool: Piscina;
  readonly threads: number;

  constructor(files: SweepFiles, data: readonly SharedSleeveData[], threads: number = availableParallelism()) {
    this.threads = threads;
    const workerData: SweepWorkerData = { files, data };
    // Two tasks per thread: the next run is already in the thread when one finishes, instead of the thread
    // waiting idle for the main thread to take the result and post another (a tenth of its time).
    this.pool = new Piscina({ filename: WORKER_ENTRY, minThreads: threads, maxThreads: threads, workerData, idleTimeout: 60_000, concurrentTasksPerWorker: 2 });
  }

  async runAll(tasks: readonly SweepTask[], onResult: (result: SweepRunResult, taskIndex: number) => void): Promise<RunFailure[]> {
    // A few tasks per thread in flight, the next taken as one finishes: handing the pool every task at
    // once held a task, a promise and a closure per run in the main thread (a million-run sweep: over
    // a gigabyte) before the first finished.
    let next = 0;
    let failure: { readonly error: unknown } | undefined;
    const lane = async (): Promise<void> => {
      while (failure === undefined && next < tasks.length) {
        const taskIndex = next++;
        try {
          const outcome = (await this.pool.run(tasks[taskIndex])) as SweepTaskOutcome;
          if ('badInput' in outcome) throw new InputError(outcome.badInput.message, outcome.badInput.details);
          onResult(outcome, taskIndex);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    // Every lane ends before this returns, so no result arrives after the caller has moved on; after a
    // failure no new run starts (the finished ones are in the results file for a rerun).
    await Promise.all(Array.from({ length: Math.min(tasks.length, this.threads * TASKS_IN_FLIGHT_PER_THREAD) }, lane));
    if (failure !== undefined) throw failure.error;
    return [];
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
