//! The worker-thread side of a sweep: builds the sweep's context once per thread from the shared
//! memory the pool was given, then runs one grid point per task.
import { workerData } from 'node:worker_threads';
import type { SweepRun } from './expandGrid.ts';
import { executeRun, type RunWindow } from './executeRun.ts';
import type { SharedSleeveData } from './sharedSleeveData.ts';
import { readSweepFiles, type SweepContext, type SweepFiles } from './sweepContext.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';

export interface SweepWorkerData {
  readonly files: SweepFiles;
  readonly data: readonly SharedSleeveData[];
}

export interface SweepTask {
  readonly run: SweepRun;
  readonly window?: RunWindow;
  readonly fullEquity?: boolean;
}

let context: SweepContext | undefined;

export default async function runTask(task: SweepTask): Promise<SweepRunResult> {
  if (!context) {
    const shared = workerData as SweepWorkerData;
    context = { ...readSweepFiles(shared.files), data: shared.data };
  }
  return executeRun(context, task.run, task.window, task.fullEquity);
}
