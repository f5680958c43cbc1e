import { createHash } from 'node:crypto';
import type { JobQueue } from '../../ports/jobQueue.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';
import type { RunExecutor, RunFailure } from './runExecutor.ts';
import type { SweepFiles } from './sweepContext.ts';
import type { SweepTask } from './sweepWorker.ts';

/** What a queued run names: the sweep's files on a path every machine shares, and the run itself. */
export interface QueuedRun {
  readonly files: SweepFiles;
  /** The folder the config's candle store path (`data.store`) is relative to. */
  readonly workingDir: string;
  readonly task: SweepTask;
}

/** Runs a sweep's tasks as jobs of a distributed queue; a run failing twice comes back as a failure. */
export class QueueExecutor implements RunExecutor {
  constructor(
    private readonly queue: JobQueue<QueuedRun, SweepRunResult>,
    private readonly files: SweepFiles,
    private readonly workingDir: string,
  ) {}

  /** The same run of the same config file is the same job, wherever and however often it is submitted. */
  static jobId(files: SweepFiles, task: SweepTask): string {
    const window = task.window ? createHash('sha256').update(JSON.stringify(task.window)).digest('hex').slice(0, 8) : 'all';
    return `${files.configSha256.slice(0, 16)}-${task.run.paramsHash}-${window}`;
  }

  async runAll(tasks: readonly SweepTask[], onResult: (result: SweepRunResult, taskIndex: number) => void): Promise<RunFailure[]> {
    const indexById = new Map(tasks.map((task, index) => [QueueExecutor.jobId(this.files, task), index]));
    const failures: RunFailure[] = [];
    await this.queue.submit(
      tasks.map((task) => ({ id: QueueExecutor.jobId(this.files, task), data: { files: this.files, workingDir: this.workingDir, task } })),
      (id, outcome) => {
        if (outcome.ok) onResult(outcome.result, indexById.get(id)!);
        else failures.push({ taskIndex: indexById.get(id)!, reason: outcome.reason });
      },
    );
    return failures;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
