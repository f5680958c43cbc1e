/**
 * Sets the process exit code from inside a command (e.g. 1 when a data check finds hard problems).
 * Its own file so that command modules need not import registerCommands.ts, which imports them.
 */
export type SetExitCode = (code: number) => void;
