import { queueExecutorFor } from '../../app/wiring/queueJobs.ts';
import { InputError } from '../../app/sharedWithInterfaces.ts';

/** The options of a command whose runs can go to `rampart worker` processes (sweep, walk-forward). */
export interface QueueCliOptions {
  readonly queue?: string;
  readonly queueName: string;
  readonly workers?: string;
}

/**
 * The executor `--queue` asks for, to spread into the job's options (none: local worker threads).
 * `--workers` with `--queue` is refused: the threads of a local run mean nothing to the queue's workers.
 */
export function queueExecutorOption(options: QueueCliOptions, command: string): { executor?: ReturnType<typeof queueExecutorFor> } {
  if (options.queue === undefined) return {};
  if (options.workers !== undefined) {
    throw new InputError(`--workers sets the threads of a ${command} run here; with --queue the runs go to \`rampart worker\` processes: start more of them instead`, { keyPath: '--workers', value: options.workers });
  }
  return { executor: queueExecutorFor(options.queue, options.queueName) };
}
