import type { Command } from 'commander';
import { statusJob } from '../../../app/wiring/paperJobs.ts';
import { formatStatus } from '../../../app/services/statusReport.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart status`: positions, open orders, equity, drawdowns against the profile, trading state. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('status')
    .description('positions, open orders, equity, drawdowns against the profile limits and trading state, per account')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .option('--json', 'print JSON')
    .action(async (options: { config: string; stateDir: string; databaseUrl?: string; init?: boolean; json?: boolean }) => {
      const statuses = await statusJob({ configPath: options.config, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      process.stdout.write(options.json ? `${JSON.stringify(statuses, null, 2)}\n` : `${formatStatus(statuses)}\n`);
    });
}
