import type { Command } from 'commander';
import { DEFAULT_QUEUE_NAME, workerJob } from '../../../app/wiring/queueJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { parseCount } from './sweep.ts';

/** `rampart worker`: takes queued sweep runs until SIGINT or SIGTERM. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('worker')
    .description('take the runs `rampart sweep --queue` publishes, on this machine, until stopped (SIGINT/SIGTERM); the config, grid and candle files must be at the same paths as on the submitting machine')
    .requiredOption('--queue <url>', 'Redis of the queue, redis://host:6379')
    .option('--queue-name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME)
    .option('--concurrency <n>', 'jobs at once in this process (runs are CPU-bound: start one process per core instead)', '1')
    .option('--lock-ms <ms>', "a job's lock; a killed worker's job is retried elsewhere this long after it died", '30000')
    .action(async (options: { queue: string; queueName: string; concurrency: string; lockMs: string }) => {
      const worker = await workerJob({
        url: options.queue,
        queueName: options.queueName,
        concurrency: parseCount('--concurrency', options.concurrency, 1),
        lockDurationMs: parseCount('--lock-ms', options.lockMs, 1_000),
        onEvent: (event) => process.stderr.write(`${event.kind} ${event.id}${event.reason ? `: ${event.reason}` : ''}\n`),
      });
      try {
        await worker.ready();
      } catch (error) {
        await worker.close();
        throw error;
      }
      process.stderr.write(`worker ${process.pid} taking jobs of ${options.queueName}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await worker.close();
    });
}
