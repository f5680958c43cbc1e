import type { Command } from 'commander';
import { DEFAULT_QUEUE_NAME } from '../../../app/wiring/queueJobs.ts';
import { queueExecutorOption } from '../queueExecutorOption.ts';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { createRunsProgress } from '../runsProgress.ts';

interface SweepOptions {
  config: string;
  grid: string;
  workers?: string;
  results?: string;
  json?: string;
  html?: string;
  sample?: string;
  seed?: string;
  exportRun?: string;
  out?: string;
  quiet?: boolean;
  queue?: string;
  queueName: string;
}

/** A whole number ≥ min from a flag, or an InputError naming the flag. */
export function parseCount(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new InputError(`${flag} must be a whole number of at least ${min}, was "${text}"`, { keyPath: flag, value: text });
  return value;
}

/** `rampart sweep`: a grid (or seeded sample) of backtests on every core, resumable. */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('sweep')
    .description('backtest every point of a parameter grid (or a seeded sample of it) on worker threads sharing one load of the data; resumable')
    .requiredOption('-c, --config <file>', 'base config file (YAML)')
    .requiredOption('--grid <file>', 'grid file (YAML): parameters: {config.key.path: [values] | {from, to, step}}, optional sample: {runs, seed}')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--results <file>', 'results file, an Arrow IPC stream (.arrows) of the finished runs, written within 100 ms of each (pyarrow.ipc.open_stream, polars.read_ipc_stream); an existing one is resumed (default reports/<name>-sweep.arrows)')
    .option('--json <file>', 'JSON report (default reports/<name>-sweep.json)')
    .option('--html <file>', 'HTML report (default reports/<name>-sweep.html)')
    .option('--sample <n>', 'run this many distinct grid points drawn at random instead of the whole grid')
    .option('--seed <n>', 'seed of --sample (default 1)')
    .option('--export-run <hash>', 'write the config of the run with this hash to --out (for `rampart backtest -c`) and run nothing')
    .option('--out <file>', 'where --export-run writes')
    .option('--queue <url>', 'publish the runs as BullMQ jobs on this Redis (redis://host:6379) for `rampart worker` processes, here or on other machines, instead of running them here')
    .option('--queue-name <name>', 'BullMQ queue name (workers must use the same)', DEFAULT_QUEUE_NAME)
    .option('--quiet', 'no progress output')
    .action(async (options: SweepOptions) => {
      const runs = parseCount('--sample', options.sample, 1);
      const seed = options.seed === undefined ? 1 : Number(options.seed);
      if (!Number.isInteger(seed)) throw new InputError(`--seed must be a whole number, was "${options.seed}"`, { keyPath: '--seed', value: options.seed });
      const sample = runs === undefined ? undefined : { runs, seed };
      if (options.exportRun !== undefined) {
        if (options.out === undefined) throw new InputError('--export-run needs --out FILE', { keyPath: '--out' });
        const { exportSweepRunJob } = await import('../../../app/wiring/sweepJobs.ts');
        const exported = await exportSweepRunJob({ configPath: options.config, gridPath: options.grid, runHash: options.exportRun, outPath: options.out, sample });
        process.stdout.write(`run ${options.exportRun} ${JSON.stringify(exported.params)}\nconfig: ${exported.outPath}\n`);
        return;
      }
      const queued = queueExecutorOption(options, 'sweep');
      const progress = createRunsProgress('sweep', !options.quiet);
      try {
        // The research wiring (its Arrow results file, the thread pool) loads with the command that runs it.
        const { sweepJob } = await import('../../../app/wiring/sweepJobs.ts');
        const result = await sweepJob({
          configPath: options.config,
          gridPath: options.grid,
          workers: parseCount('--workers', options.workers, 1),
          resultsPath: options.results,
          jsonPath: options.json,
          htmlPath: options.html,
          sample,
          ...queued,
          onProgress: ({ done, total }) => progress.update(done, total),
        });
        progress.stop();
        process.stdout.write(`${result.summary}\n`);
        process.stdout.write(`runs: ${result.results.length} (${result.ran} run now, ${result.resumed} resumed from the results file), workers: ${result.workers}\n`);
        process.stdout.write(`results: ${result.resultsPath}\nreport: ${result.jsonPath}\nreport: ${result.htmlPath}\n`);
        if (result.failed.length > 0) {
          process.stderr.write(`${result.failed.length} run(s) failed twice and went to the dead-letter queue (run the sweep again to retry them):\n`);
          for (const failure of result.failed) process.stderr.write(`  ${failure.paramsHash} ${JSON.stringify(failure.params)}: ${failure.reason}\n`);
          setExitCode(1);
        }
      } finally {
        progress.stop();
      }
    });
}
