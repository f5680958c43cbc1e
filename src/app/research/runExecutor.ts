import type { SweepTask } from './sweepWorker.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';

/** Where a sweep's runs execute: worker threads here, or worker processes on other machines. */
export interface RunExecutor {
  /** Runs every task; `onResult` is called as each finishes, in finishing order, with the task's index. */
  runAll(tasks: readonly SweepTask[], onResult: (result: SweepRunResult, taskIndex: number) => void): Promise<void>;
  close(): Promise<void>;
}
