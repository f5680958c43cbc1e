import type { Command } from 'commander';
import { formatProfilesTable, InputError } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { formatProfileReviews } from '../../../app/services/formatProfileReviews.ts';
import { profilesReviewJob, profilesSetJob } from '../../../app/wiring/profileJobs.ts';

type StoreFlags = { config: string; stateDir: string; databaseUrl?: string; init?: boolean };

function storeOptions(command: Command): Command {
  return command
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)');
}

/** `rampart profiles`: prints the capital profiles table; `profiles review` and `profiles set` manage an account's profile. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  const profiles = program
    .command('profiles')
    .description('print the capital profiles (limits per account) shipped with Rampart; `review` and `set` manage accounts\' profiles')
    .action(() => {
      process.stdout.write(formatProfilesTable());
    });
  storeOptions(profiles.command('review'))
    .description("judge each account's profile against the playbook's ladder (promotion, downgrade, Micro pause); --apply --reason records the changes with their evidence")
    .option('--account <name>', 'only this account')
    .option('--apply', 'record each PROMOTE and DOWNGRADE as the account\'s profile, and a PAUSE as HALTED')
    .option('--reason <text>', 'why (required with --apply)')
    .option('--json', 'print JSON')
    .action(async (options: StoreFlags & { account?: string; apply?: boolean; reason?: string; json?: boolean }) => {
      if (options.apply === true && options.reason === undefined) throw new InputError('--apply needs --reason: say why the profiles change', { keyPath: '--reason', value: '' });
      const outcomes = await profilesReviewJob({ configPath: options.config, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init, account: options.account, ...(options.apply === true ? { apply: { reason: options.reason ?? '' } } : {}) });
      process.stdout.write(options.json ? `${JSON.stringify(outcomes, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n` : `${formatProfileReviews(outcomes)}\n`);
    });
  storeOptions(profiles.command('set <account> <profile>'))
    .description("assign ACCOUNT's capital profile by hand (in force from its runner's next start, above the environment and the config)")
    .requiredOption('--reason <text>', 'why (kept in the store)')
    .action(async (account: string, profile: string, options: StoreFlags & { reason: string }) => {
      await profilesSetJob({ configPath: options.config, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init, account, profile, reason: options.reason });
      process.stdout.write(`${account}: profile ${profile} recorded\n`);
    });
}
