import type { Command } from 'commander';
import { DEFAULT_QUEUE_NAME } from '../../../app/wiring/queueJobs.ts';
import { queueExecutorOption } from '../queueExecutorOption.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { createRunsProgress } from '../runsProgress.ts';
import { parseCount } from './sweep.ts';

interface WalkForwardOptions {
  config: string;
  grid: string;
  train: string;
  test: string;
  anchored?: boolean;
  objective: string;
  minTrades: string;
  workers?: string;
  queue?: string;
  queueName: string;
  json?: string;
  html?: string;
  quiet?: boolean;
}

/** `rampart walk-forward`: optimise per training window, trade the choice on the next; exit 1 when the acceptance bars fail. */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('walk-forward')
    .description('optimise the grid on each training window, run the choice on the next test window, chain the test windows and check the acceptance bars (Sharpe > 0.8, win rate > 48 %); exit 1 when they fail')
    .requiredOption('-c, --config <file>', 'base config file (YAML)')
    .requiredOption('--grid <file>', 'grid file (YAML), as for `rampart sweep`')
    .requiredOption('--train <duration>', 'training window, e.g. 180d')
    .requiredOption('--test <duration>', 'test window, e.g. 30d')
    .option('--anchored', 'every training window starts at the first bar (default: rolling windows of --train)')
    .option('--objective <metric>', 'what the training picks the best run by: sharpe, sortino, totalReturnPct, cagrPct, profitFactor', 'sharpe')
    .option('--min-trades <n>', 'runs with fewer trades in the training window are not chosen', '5')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--queue <url>', 'publish the runs of every window as BullMQ jobs on this Redis (redis://host:6379) for `rampart worker` processes, here or on other machines, instead of running them here')
    .option('--queue-name <name>', 'BullMQ queue name (workers must use the same)', DEFAULT_QUEUE_NAME)
    .option('--json <file>', 'JSON report (default reports/<name>-walk-forward.json)')
    .option('--html <file>', 'HTML report (default reports/<name>-walk-forward.html)')
    .option('--quiet', 'no progress output')
    .action(async (options: WalkForwardOptions) => {
      const queued = queueExecutorOption(options, 'walk-forward');
      const progress = createRunsProgress('walk-forward', !options.quiet);
      try {
        const { walkForwardJob } = await import('../../../app/wiring/walkForwardJobs.ts');
        const result = await walkForwardJob({
          configPath: options.config,
          gridPath: options.grid,
          train: options.train,
          test: options.test,
          anchored: options.anchored,
          objective: options.objective,
          minTrades: parseCount('--min-trades', options.minTrades, 0),
          workers: parseCount('--workers', options.workers, 1),
          ...queued,
          jsonPath: options.json,
          htmlPath: options.html,
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.stop();
        process.stdout.write(`${result.text}\nreport: ${result.jsonPath}\nreport: ${result.htmlPath}\n`);
        if (!result.report.passed) setExitCode(1);
      } finally {
        progress.stop();
      }
    });
}
