//! The `rampart` command line: parses arguments, runs one command, maps failures to exit codes.
//! Exit codes: 0 success, 1 a check failed (data check, pre-flight), 2 bad input, 3 internal error.
import { Command, CommanderError } from 'commander';
import { InputError, OperationFailedError } from '../../app/sharedWithInterfaces.ts';
import { registerCommands } from './registerCommands.ts';

export const ExitCode = { OK: 0, CHECK_FAILED: 1, BAD_INPUT: 2, INTERNAL: 3 } as const;

/** Runs the CLI on `argv` (without node and script) and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command('rampart')
    .description('Rampart: backtest, paper-trade and trade crypto futures with one engine.')
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode: number = ExitCode.OK;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, debug);
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (unknown option, missing argument, --help).
    return error.exitCode === 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
  }
  if (error instanceof InputError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return ExitCode.BAD_INPUT;
  }
  if (error instanceof OperationFailedError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return ExitCode.CHECK_FAILED;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('run again with --debug for the stack trace\n');
  return ExitCode.INTERNAL;
}
