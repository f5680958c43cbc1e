import type { Command } from 'commander';
import { formatStress } from '../../../app/services/stressService.ts';
import { stressJob } from '../../../app/wiring/stressJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart stress`: the registered scenarios on each account's positions; exit 1 when one is CRITICAL. */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('stress')
    .description("run the registered stress scenarios (price shocks, correlated crash, ATR spike against the stops, funding spike, exchange outage) on each account's current positions; exit 1 when one is CRITICAL")
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--scenarios <file>', 'stress-scenario registry (YAML)', 'config/stress-scenarios.yaml')
    .option('--account <name>', 'only this account')
    .option('--backtest', "a backtest's final state instead of the store's positions")
    .option('--from <iso>', 'backtest start (with --backtest)')
    .option('--to <iso>', 'backtest end (with --backtest)')
    .option('--json', 'print JSON')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .action(async (options: { config: string; scenarios: string; account?: string; backtest?: boolean; from?: string; to?: string; json?: boolean; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      const { accounts, scenariosFile } = await stressJob({
        configPath: options.config,
        scenariosPath: options.scenarios,
        ...(options.account !== undefined ? { account: options.account } : {}),
        ...(options.backtest === true ? { backtest: { ...(options.from !== undefined ? { from: options.from } : {}), ...(options.to !== undefined ? { to: options.to } : {}) } } : {}),
        stateDir: options.stateDir,
        databaseUrl: options.databaseUrl,
        init: options.init,
      });
      const worst = accounts.some((a) => a.worst === 'CRITICAL') ? 'CRITICAL' : accounts.some((a) => a.worst === 'WARNING') ? 'WARNING' : 'OK';
      // Infinity (no position, no liquidation) is written as null by JSON.stringify.
      process.stdout.write(options.json ? `${JSON.stringify({ scenariosFile, worst, accounts }, null, 2)}\n` : `${formatStress(accounts)}scenarios: ${scenariosFile}; worst: ${worst}\n`);
      if (worst === 'CRITICAL') setExitCode(1);
    });
}
