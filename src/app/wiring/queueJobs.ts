//! Composition for sweeps beyond one machine: `rampart sweep --queue` publishes runs as BullMQ jobs,
//! `rampart worker --queue` takes them on any machine that sees the same files. BullMQ is loaded when
//! a queue is opened, not when the CLI starts: most commands never use one.
import type { BullmqJobQueue } from '../../adapters/queue/bullmqJobQueue.ts';
import type { JobWorker } from '../../ports/jobQueue.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';
import { executeRun } from '../research/executeRun.ts';
import type { PreparedSweep } from '../research/prepareSweep.ts';
import { QueueExecutor, type QueuedRun } from '../research/queueExecutor.ts';
import { readSweepFiles, type SweepContext } from '../research/sweepContext.ts';
import { StoreSleeveDataSource } from './storeSleeveDataSource.ts';

export const DEFAULT_QUEUE_NAME = 'rampart-sweep';

/** The executor `sweepJob` takes to publish its runs on the queue instead of running them here. */
export function queueExecutorFor(url: string, queueName: string = DEFAULT_QUEUE_NAME): (prepared: PreparedSweep) => Promise<QueueExecutor> {
  return async (prepared) => new QueueExecutor(await openQueue(url, queueName), prepared.files, process.cwd());
}

/** Dead-lettered runs and clean-up of a queue (tests, operators). */
export async function openQueue(url: string, queueName: string = DEFAULT_QUEUE_NAME): Promise<BullmqJobQueue<QueuedRun, SweepRunResult>> {
  const { BullmqJobQueue } = await import('../../adapters/queue/bullmqJobQueue.ts');
  return new BullmqJobQueue<QueuedRun, SweepRunResult>(url, queueName);
}

export interface WorkerJobOptions {
  readonly url: string;
  readonly queueName?: string;
  readonly concurrency?: number;
  readonly lockDurationMs?: number;
  readonly onEvent?: (event: { kind: 'active' | 'completed' | 'failed' | 'dead-letter'; id: string; reason?: string }) => void;
}

/**
 * `rampart worker`: takes queued runs, loading each sweep's config, grid and candles once (from the
 * paths the job names) and running its grid points exactly as a local sweep does.
 */
export async function workerJob(options: WorkerJobOptions): Promise<JobWorker> {
  const { startBullmqWorker } = await import('../../adapters/queue/bullmqJobWorker.ts');
  const contexts = new Map<string, Promise<SweepContext>>();
  const contextFor = (job: QueuedRun): Promise<SweepContext> => {
    const key = JSON.stringify([job.files, job.workingDir]);
    let context = contexts.get(key);
    if (!context) {
      context = (async () => {
        const files = readSweepFiles(job.files);
        const source = new StoreSleeveDataSource(job.workingDir);
        const data = [];
        for (const [index, sleeve] of files.base.config.sleeves.entries()) data.push(await source.load(sleeve, index, files.base.config, files.base.baseDir));
        return { ...files, data };
      })();
      // A context that failed to load is not kept: the retry reads the files again.
      context.catch(() => contexts.delete(key));
      contexts.set(key, context);
    }
    return context;
  };
  return startBullmqWorker<QueuedRun, SweepRunResult>(
    { url: options.url, queueName: options.queueName ?? DEFAULT_QUEUE_NAME, concurrency: options.concurrency, lockDurationMs: options.lockDurationMs, onEvent: options.onEvent },
    async (job) => executeRun(await contextFor(job), job.task.run, job.task.window, job.task.fullEquity),
  );
}
