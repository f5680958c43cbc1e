import { Queue, Worker } from 'bullmq';
import type { JobWorker } from '../../ports/jobQueue.ts';
import { deadLetterQueueName } from './bullmqJobQueue.ts';
import { redisConnection } from './redisConnection.ts';
import { redisReadyWithin } from './redisReady.ts';

export interface BullmqWorkerOptions {
  readonly url: string;
  readonly queueName: string;
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal: a worker killed mid-job loses its job to another
   * worker this long after it died (BullMQ's stalled-job check).
   */
  readonly lockDurationMs?: number;
  readonly onEvent?: (event: { kind: 'active' | 'completed' | 'failed' | 'dead-letter'; id: string; reason?: string }) => void;
  /** How long `ready` waits for Redis to answer before refusing (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/**
 * Takes a BullMQ queue's jobs on this machine. A job failing its last attempt is copied to the
 * dead-letter queue with its reason.
 */
export function startBullmqWorker<Data, Result>(options: BullmqWorkerOptions, processor: (data: Data) => Promise<Result>): JobWorker {
  const connection = redisConnection(options.url);
  const deadLetter = new Queue(deadLetterQueueName(options.queueName), { connection });
  const lockDurationMs = options.lockDurationMs ?? 30_000;
  const worker = new Worker(options.queueName, async (job) => processor(job.data as Data), {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockDurationMs,
    stalledInterval: lockDurationMs,
  });
  worker.on('active', (job) => options.onEvent?.({ kind: 'active', id: job.id! }));
  worker.on('completed', (job) => options.onEvent?.({ kind: 'completed', id: job.id! }));
  worker.on('failed', (job, error) => {
    if (!job) return;
    options.onEvent?.({ kind: 'failed', id: job.id!, reason: error.message });
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
      void deadLetter.add('dead', { id: job.id, data: job.data, reason: error.message }, { jobId: job.id }).then(() => options.onEvent?.({ kind: 'dead-letter', id: job.id!, reason: error.message }));
    }
  });
  let connected = false;
  return {
    async ready() {
      await redisReadyWithin(Promise.all([worker.waitUntilReady(), deadLetter.waitUntilReady()]), options.url, options.connectTimeoutMs ?? 10_000);
      connected = true;
    },
    async close() {
      // Never connected, a graceful close waits for a first connection that may never come: force it instead.
      if (!connected) {
        void worker.close(true).catch(() => undefined);
        void deadLetter.disconnect().catch(() => undefined);
        return;
      }
      await worker.close();
      await deadLetter.close();
    },
  };
}
