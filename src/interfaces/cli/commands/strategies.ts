import type { Command } from 'commander';
import { strategiesCheck, strategiesListText, strategiesShowText } from '../../../app/services/strategyJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart strategies list|show|check`: what strategies there are, their parameters, and whether a file is sound. */
export function register(program: Command, setExitCode: SetExitCode): void {
  const strategies = program.command('strategies').description('list the built-in strategies, show one\'s parameters, or check a strategy file');
  strategies
    .command('list')
    .description('every built-in strategy with its parameters, defaults and descriptions')
    .action(() => {
      process.stdout.write(strategiesListText());
    });
  strategies
    .command('show <nameOrFile>')
    .description('one strategy (a built-in name or a file path) with its parameters, defaults and descriptions')
    .action(async (nameOrFile: string) => {
      process.stdout.write(await strategiesShowText(nameOrFile, process.cwd()));
    });
  strategies
    .command('check <file>')
    .description('load a strategy file as a backtest would and type-check it (strict TypeScript); exit 1 on type errors')
    .action(async (file: string) => {
      const outcome = await strategiesCheck(file, process.cwd());
      process.stdout.write(outcome.text);
      if (!outcome.ok) setExitCode(1);
    });
}
