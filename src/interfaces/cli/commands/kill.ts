import type { Command } from 'commander';
import { operatorCommandJob } from '../../../app/wiring/paperJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart kill`: recorded in the trade store, effective from now; the store is the truth across restarts. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('kill')
    .description('halt trading from now until a reset: working entries are cancelled, protective stops kept, only reduce-only orders pass; with --flatten every position is closed too')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .requiredOption('--reason <text>', 'why (required, recorded with the command)')
    .option('--account <name>', 'only this account (default: every account of the config)')
    .option('--flatten', 'also close every position of the account with reduce-only orders until the venue reports flat')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .action(async (options: { config: string; reason: string; account?: string; symbol?: string; flatten?: boolean; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      const accounts = await operatorCommandJob({ kind: 'kill', configPath: options.config, reason: options.reason, account: options.account, symbol: options.symbol, flatten: options.flatten === true, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      process.stdout.write(`kill${options.flatten === true ? ' --flatten' : ''} recorded for ${accounts.join(', ')}\n`);
    });
}
