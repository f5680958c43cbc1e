import type { RunExecutor } from './runExecutor.ts';
import type { PreparedSweep } from './prepareSweep.ts';
import { SweepResultsFile } from './sweepResultsFile.ts';
import type { SweepRunResult, SweepRunSummary } from '../../ops/research/sweepRunResult.ts';

export interface SweepProgress {
  /** Runs finished by this process so far, and how many it has to run. */
  readonly done: number;
  readonly total: number;
}

export interface SweepOutcome {
  /** Every finished run in the sweep's run order (resumed ones included), without its curve (the results file has them all). */
  readonly results: readonly SweepRunSummary[];
  /** The best finished runs by Sharpe (`BestRuns`), best first, with their curves. */
  readonly best: readonly SweepRunResult[];
  /** Runs found finished in the results file and not run again. */
  readonly resumed: number;
  /** Runs executed by this invocation. */
  readonly ran: number;
  /** Runs that failed every attempt (a queue's dead letters): not in the results file, retried by a rerun. */
  readonly failed: ReadonlyArray<{ readonly paramsHash: string; readonly params: Readonly<Record<string, unknown>>; readonly reason: string }>;
}

/**
 * Runs the sweep's runs not already in the results file on `executor`, appending each result as it
 * finishes: a sweep killed at any point resumes where it stopped.
 */
export async function runSweep(prepared: PreparedSweep, executor: RunExecutor, resultsPath: string, onProgress?: (progress: SweepProgress) => void): Promise<SweepOutcome> {
  const inSweep = new Set(prepared.runs.map((run) => run.paramsHash));
  const file = new SweepResultsFile(resultsPath, prepared.files.configSha256, (paramsHash) => inSweep.has(paramsHash));
  try {
    const pending = prepared.runs.filter((run) => !file.finished.has(run.paramsHash));
    const resumed = prepared.runs.length - pending.length;
    let done = 0;
    onProgress?.({ done, total: pending.length });
    const failures = await executor.runAll(
      pending.map((run) => ({ run })),
      (result) => {
        file.append(result);
        done += 1;
        onProgress?.({ done, total: pending.length });
      },
    );
    const results = prepared.runs.flatMap((run) => file.finished.get(run.paramsHash) ?? []);
    const failed = failures.map(({ taskIndex, reason }) => ({ paramsHash: pending[taskIndex].paramsHash, params: pending[taskIndex].params, reason }));
    return { results, best: file.best.runs, resumed, ran: done, failed };
  } finally {
    file.close();
  }
}
