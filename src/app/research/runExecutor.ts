import type { SweepTask } from './sweepWorker.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';

/** A task that failed every attempt, and why. */
export interface RunFailure {
  readonly taskIndex: number;
  readonly reason: string;
}

/** Where a sweep's runs execute: worker threads here, or worker processes on other machines. */
export interface RunExecutor {
  /**
   * Runs every task; `onResult` is called as each finishes, in finishing order, with the task's index.
   * Resolves with the tasks that failed for good (a queue's dead letters); throws when the sweep itself
   * cannot go on (bad input, a broken pool).
   */
  runAll(tasks: readonly SweepTask[], onResult: (result: SweepRunResult, taskIndex: number) => void): Promise<RunFailure[]>;
  close(): Promise<void>;
}
