import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { InputError } from '../../domain/errors/inputError.ts';
import type { RunExecutor, RunFailure } from './runExecutor.ts';
import type { SweepFiles } from './sweepContext.ts';
import type { SharedSleeveData } from './sharedSleeveData.ts';
import type { SweepTask, SweepTaskOutcome, SweepWorkerData } from './sweepWorker.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';

const WORKER_ENTRY = new URL('../../../bin/sweepWorkerThread.mjs', import.meta.url).href;

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
    // Settle every task before failing, so no result arrives after the caller has moved on.
    const settled = await Promise.allSettled(
      tasks.map(async (task, taskIndex) => {
        const outcome = (await this.pool.run(task)) as SweepTaskOutcome;
        if ('badInput' in outcome) throw new InputError(outcome.badInput.message, outcome.badInput.details);
        onResult(outcome, taskIndex);
      }),
    );
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return [];
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
