//! The worker-thread side of a sweep: builds the sweep's context once per thread from the shared
//! memory the pool was given, then runs one grid point per task.
import { workerData } from 'node:worker_threads';
import { InputError } from '../../domain/errors/inputError.ts';
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

/** A run's result, or the operator's bad input (an error's class does not survive the thread boundary). */
export type SweepTaskOutcome = SweepRunResult | { readonly badInput: { message: string; details: InputError['details'] } };

export default async function runTask(task: SweepTask): Promise<SweepTaskOutcome> {
  try {
    if (!context) {
      const shared = workerData as SweepWorkerData;
      context = { ...readSweepFiles(shared.files), data: shared.data };
    }
    return await executeRun(context, task.run, task.window, task.fullEquity);
  } catch (error) {
    if (error instanceof InputError) return { badInput: { message: error.message, details: error.details } };
    throw error;
  }
}
