import type { Command } from 'commander';
import { operatorCommandJob } from '../../../app/wiring/paperJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart flatten`: recorded in the trade store, effective from now; the store is the truth across restarts. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('flatten')
    .description("close positions with reduce-only orders at the next open, through the risk engine's halt path")
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--reason <text>', 'why', 'manual flatten')
    .option('--account <name>', 'only this account')
    .option('--symbol <symbol>', 'only this symbol')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .action(async (options: { config: string; reason: string; account?: string; symbol?: string; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      const accounts = await operatorCommandJob({ kind: 'flatten', configPath: options.config, reason: options.reason, account: options.account, symbol: options.symbol, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      process.stdout.write(`flatten recorded for ${accounts.join(', ')}\n`);
    });
}
