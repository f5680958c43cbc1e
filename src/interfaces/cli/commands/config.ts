import type { Command } from 'commander';
import { configHash } from '../../../app/main.ts';
import type { SetExitCode } from '../registerCommands.ts';

/** `rampart config hash FILE`: the SHA-256 a frozen config is verified against. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  const config = program.command('config').description('inspect config files');
  config
    .command('hash')
    .description("print the SHA-256 of a config file's bytes (as `shasum -a 256` does)")
    .argument('<file>', 'config file')
    .action((file: string) => {
      process.stdout.write(`${configHash(file)}  ${file}\n`);
    });
}
