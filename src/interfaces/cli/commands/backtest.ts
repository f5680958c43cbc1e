import type { Command } from 'commander';
import { runBacktestJob } from '../../../app/main.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { createProgress } from '../progressBar.ts';

/** `rampart backtest`: runs a config (the shipped R1 ensemble by default) and writes its reports. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('backtest')
    .description('backtest a config and write a JSON and an HTML report (default: config/r1-ensemble.yaml)')
    .option('-c, --config <file>', 'config file (YAML)')
    .option('--from <iso>', 'first bar time to use (ISO-8601)')
    .option('--to <iso>', 'last bar time to use (ISO-8601)')
    .option('--json <file>', 'JSON report path (default reports/<name>.json)')
    .option('--html <file>', 'HTML report path (default reports/<name>.html)')
    .option('--quiet', 'no progress output')
    .option('--trace <sleeve>', "write the sleeve's bars, indicator values, targets, orders and risk decisions as CSV")
    .option('--out <file>', 'trace CSV path (default reports/<name>-trace-<sleeve>.csv)')
    .option('--allow-profile-cuts', 'run a config whose leverage, positions or strategies its capital profiles cannot allow, with a warning instead of exit 2')
    .action(async (options: { config?: string; from?: string; to?: string; json?: string; html?: string; quiet?: boolean; trace?: string; out?: string; allowProfileCuts?: boolean }) => {
      const progress = createProgress('backtest', !options.quiet);
      try {
        const result = await runBacktestJob({
          configPath: options.config,
          from: options.from,
          to: options.to,
          jsonPath: options.json,
          htmlPath: options.html,
          traceSleeve: options.trace,
          tracePath: options.out,
          onProgress: (done, total) => progress.update(done, total),
          allowProfileCuts: options.allowProfileCuts === true,
        });
        progress.stop();
        for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
        process.stdout.write(`${result.summary}\n`);
        process.stdout.write(`report: ${result.jsonPath}\nreport: ${result.htmlPath}\n${result.tracePath === undefined ? '' : `trace: ${result.tracePath}\n`}`);
      } finally {
        progress.stop();
      }
    });
}
