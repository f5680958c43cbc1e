import type { Command } from 'commander';
import { register as registerBacktest } from './commands/backtest.ts';
import { register as registerConfig } from './commands/config.ts';
import { register as registerData } from './commands/data.ts';
import { register as registerProfiles } from './commands/profiles.ts';

/** Sets the process exit code from inside a command (e.g. 1 when a data check finds hard problems). */
export type SetExitCode = (code: number) => void;

/**
 * Every command module exports `register(program, setExitCode)`; this is the one list of them.
 * A command throws InputError for bad input (exit 2) and calls setExitCode(1) for a failed check.
 */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerBacktest(program, setExitCode);
  registerConfig(program, setExitCode);
  registerData(program, setExitCode);
  registerProfiles(program, setExitCode);
}
