import type { Command } from 'commander';
import { operatorCommandJob } from '../../../app/wiring/paperJobs.ts';
import { resetWithSignOffJob } from '../../../app/wiring/gateJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart reset`: recorded in the trade store, effective from now; the store is the truth across restarts. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('reset')
    .description("release a manual halt (back to ACTIVE) from now; with --rules, the rules file's restart sign-off (post-mortem, approvers) is required and the account restarts at the previous stage's capital, deactivated until go-live activate")
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .requiredOption('--reason <text>', 'why (required, recorded with the command)')
    .option('--account <name>', 'only this account (default: every account of the config)')
    .option('--rules <file>', 'go-live rules file: its restart section (R1 SOP §5.2) applies')
    .option('--post-mortem <ref>', 'reference of the completed post-mortem (with --rules)')
    .option('--approved-by <name>', 'a person signing off the restart; repeat for each (with --rules)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .action(async (options: { config: string; reason: string; account?: string; symbol?: string; rules?: string; postMortem?: string; approvedBy?: string[]; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      if (options.rules !== undefined) {
        const moves = await resetWithSignOffJob({
          configPath: options.config,
          rulesPath: options.rules,
          reason: options.reason,
          ...(options.postMortem !== undefined ? { postMortem: options.postMortem } : {}),
          approvedBy: options.approvedBy ?? [],
          ...(options.account !== undefined ? { account: options.account } : {}),
          stateDir: options.stateDir,
          ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
        });
        for (const move of moves) process.stdout.write(`reset recorded for ${move.account}: restarts at stage ${move.toStage}${move.toStage !== move.fromStage ? ` (was ${move.fromStage})` : ''}; GO-LIVE deactivated until go-live activate (launch guard)\n`);
        return;
      }
      const accounts = await operatorCommandJob({ kind: 'reset', configPath: options.config, reason: options.reason, account: options.account, symbol: options.symbol, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      process.stdout.write(`reset recorded for ${accounts.join(', ')}\n`);
    });
}
