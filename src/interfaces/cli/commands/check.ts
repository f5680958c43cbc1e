import type { Command } from 'commander';
import { loadConfig } from '../../../app/config/loadConfig.ts';
import { checkAccount } from '../../../app/services/checkAccount.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart check -c FILE [--account A]`: go-live checks against the venue; exit 1 when a hard check fails. */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('check')
    .description('check an account before going live: keys, venue, clock, key permissions, position mode, margin and leverage')
    .requiredOption('-c, --config <file>', 'config file')
    .option('--account <name>', 'account to check (default: the one the sleeves use)')
    .option('--base-url <url>', 'REST origin of a local venue, e.g. http://127.0.0.1:9000 from `rampart venue-sim` (rehearsals; excludes the sandbox)')
    .action(async (options: { config: string; account?: string; baseUrl?: string }) => {
      const loaded = loadConfig(options.config);
      const result = await checkAccount({ config: loaded.config, configPath: options.config, account: options.account, baseUrl: options.baseUrl, env: process.env });
      const lines = [`account ${result.account} on ${result.venue}${result.testnet ? ' (testnet)' : ''}${options.baseUrl ? ` at ${options.baseUrl}` : ''}`];
      for (const check of result.checks) {
        const verdict = check.ok ? 'PASS' : check.severity === 'hard' ? 'FAIL' : 'WARN';
        lines.push(`${verdict.padEnd(4)}  ${check.name.padEnd(32)} ${check.detail}`);
      }
      lines.push(result.passed ? 'all hard checks passed' : 'a hard check failed: do not go live');
      process.stdout.write(`${lines.join('\n')}\n`);
      if (!result.passed) setExitCode(1);
    });
}
