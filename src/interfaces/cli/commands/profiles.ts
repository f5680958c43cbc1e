import type { Command } from 'commander';
import { formatProfilesTable } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart profiles`: prints the capital profiles table. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('profiles')
    .description('print the capital profiles (limits per account) shipped with Rampart')
    .action(() => {
      process.stdout.write(formatProfilesTable());
    });
}
