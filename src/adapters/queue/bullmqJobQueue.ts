import { Queue, QueueEvents } from 'bullmq';
import type { JobOutcome, JobQueue } from '../../ports/jobQueue.ts';
import { redisConnection } from './redisConnection.ts';
import { redisReadyWithin } from './redisReady.ts';

/** Attempts per job: a job failing twice goes to the dead-letter queue. */
export const JOB_ATTEMPTS = 2;

export function deadLetterQueueName(queueName: string): string {
  return `${queueName}-dead-letter`;
}

/** The submitting side of a BullMQ queue on Redis. */
export class BullmqJobQueue<Data, Result> implements JobQueue<Data, Result> {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly deadLetter: Queue;
  private connected = false;
  /** The one reachability check, shared by submit and close. */
  private reachability: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    readonly queueName: string,
    private readonly retryDelayMs = 1_000,
    private readonly connectTimeoutMs = 10_000,
  ) {
    const connection = redisConnection(url);
    this.queue = new Queue(queueName, { connection });
    this.events = new QueueEvents(queueName, { connection });
    this.deadLetter = new Queue(deadLetterQueueName(queueName), { connection });
    // Every job waited on listens to the events and for the queue closing: a sweep waits on thousands.
    this.events.setMaxListeners(0);
    this.queue.setMaxListeners(0);
  }

  async submit(jobs: ReadonlyArray<{ id: string; data: Data }>, onFinished: (id: string, outcome: JobOutcome<Result>) => void): Promise<void> {
    await this.reachable();
    const added = await this.queue.addBulk(
      jobs.map(({ id, data }) => ({
        name: 'run',
        data,
        // Finished jobs stay a week: a submitter restarted after a kill reads their results instead of re-running them.
        opts: { jobId: id, attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: this.retryDelayMs }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 7 * 86_400 } },
      })),
    );
    await Promise.all(
      added.map(async (job) => {
        try {
          onFinished(job.id!, { ok: true, result: (await job.waitUntilFinished(this.events)) as Result });
        } catch (error) {
          onFinished(job.id!, { ok: false, reason: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  }

  /**
   * Fail closed: a Redis that does not answer is refused here with its address (see redisReadyWithin).
   * Asked once: a close after a refused submit does not wait the timeout a second time.
   */
  private reachable(): Promise<void> {
    this.reachability ??= redisReadyWithin(Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]), this.url, this.connectTimeoutMs).then(() => {
      this.connected = true;
    });
    return this.reachability;
  }

  async deadLetters(): Promise<Array<{ id: string; reason: string }>> {
    const jobs = await this.deadLetter.getJobs(['wait', 'paused', 'delayed']);
    return jobs.map((job) => ({ id: job.id!, reason: String((job.data as { reason?: string }).reason) }));
  }

  /** Removes the queue and its dead letters from Redis (tests; an operator's clean-up). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
    await this.deadLetter.obliterate({ force: true });
  }

  async close(): Promise<void> {
    const clients = [this.events, this.queue, this.deadLetter];
    if (!this.connected) await this.reachable().catch(() => undefined);
    // A graceful close waits for the server. Never connected, BullMQ's close and disconnect wait for a
    // first connection that may never come: leave them to the process's exit instead of hanging here.
    if (this.connected) for (const client of clients) await client.close();
    else for (const client of clients) void client.disconnect().catch(() => undefined);
  }
}
