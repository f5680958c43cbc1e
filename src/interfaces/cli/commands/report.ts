import type { Command } from 'commander';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import { reportJob } from '../../../app/wiring/reportJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart report --daily|--weekly|--monthly`: the operator's production report from the trade store (R1 SOP §3.1, §7, §8). */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('report')
    .description('daily, weekly or monthly production report (Markdown, JSON, HTML) under reports/prod/<period>/<date>.*; an earlier one is archived, never overwritten')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--daily', 'the UTC day of --date')
    .option('--weekly', 'the ISO week (Monday to Sunday, UTC) of --date')
    .option('--monthly', 'the calendar month of --date')
    .option('--date <YYYY-MM-DD>', 'a day inside the period (default: today, UTC)')
    .option('--rules <file>', 'go-live rules file, for the scale-up streak the report measures against')
    .option('--reports-dir <dir>', 'where prod/<period>/ is written', 'reports')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .action(async (options: { config: string; daily?: boolean; weekly?: boolean; monthly?: boolean; date?: string; rules?: string; reportsDir: string; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      const periods = (['daily', 'weekly', 'monthly'] as const).filter((period) => options[period] === true);
      if (periods.length !== 1) throw new InputError(`report needs exactly one of --daily, --weekly, --monthly${periods.length > 1 ? `, was ${periods.map((period) => `--${period}`).join(' ')}` : ''}`, { keyPath: '--daily|--weekly|--monthly', value: periods.join(',') });
      const { files, archived } = await reportJob({ configPath: options.config, period: periods[0], date: options.date, rulesPath: options.rules, reportsDir: options.reportsDir, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      for (const file of archived) process.stdout.write(`archived the earlier report: ${file}\n`);
      for (const file of files) process.stdout.write(`written: ${file}\n`);
    });
}
