import type { Command } from 'commander';
import { exchangesAckJob, exchangesStatusJob } from '../../../app/wiring/exchangesJobs.ts';
import { formatExchangesStatus } from '../../../app/services/exchangesStatus.ts';
import type { SetExitCode } from '../setExitCode.ts';

interface StoreFlags {
  config: string;
  stateDir: string;
  databaseUrl?: string;
}

/** `rampart exchanges status|ack`: venue health, sleeve routing and failovers, from the store. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  const exchanges = program.command('exchanges').description('exchange health, sleeve routing and failovers, as the runners stored them');
  exchanges
    .command('status')
    .description('latest health per venue account (HEALTHY/DEGRADED/DOWN and why), where each sleeve sends new entries, switches in the last hour')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none')
    .option('--json', 'print JSON')
    .action(async (options: StoreFlags & { init?: boolean; json?: boolean }) => {
      const status = await exchangesStatusJob({ configPath: options.config, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatExchangesStatus(status)}\n`);
    });
  exchanges
    .command('ack')
    .description('acknowledge repeated failovers of a sleeve whose new entries were stopped; its runner resumes entries')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .requiredOption('--sleeve <name>', 'sleeve whose entries were stopped')
    .requiredOption('--reason <text>', 'why the switches are understood (stored with the acknowledgement)')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .action(async (options: StoreFlags & { sleeve: string; reason: string }) => {
      const event = await exchangesAckJob({ configPath: options.config, stateDir: options.stateDir, databaseUrl: options.databaseUrl, sleeve: options.sleeve, reason: options.reason });
      process.stdout.write(`acknowledged: sleeve ${event.sleeve} takes new entries again (${event.actor}, ${new Date(event.atMs).toISOString()})\n`);
    });
}
