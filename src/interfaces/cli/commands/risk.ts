import type { Command } from 'commander';
import { explainRisk } from '../../../app/services/explainRisk.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart risk explain -c FILE`: prints the risk limits in force for each account and sleeve. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  const risk = program.command('risk').description('risk engine: the limits every order passes');
  risk
    .command('explain')
    .description('print the limits in force for each account and sleeve of a config (profile, portfolio gate, sanity, guardrails, emergency stop)')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .action(async (options: { config: string }) => {
      process.stdout.write(await explainRisk(options.config, process.env));
    });
}
