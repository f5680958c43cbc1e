import type { Command } from 'commander';
import { runPaperJob } from '../../../app/wiring/paperJobs.ts';
import { RunnerLockedError } from '../../../app/services/paperRunner.ts';
import { InputError } from '../../../domain/errors/inputError.ts';
import type { SetExitCode } from '../registerCommands.ts';

/** `rampart run --paper`: the paper runner (live trading comes with its own command options later). */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('run')
    .description('run the engine on a live clock; --paper fills on the simulated venue and records everything in the trade store')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--paper', 'paper trading: simulated venue, no exchange keys')
    .option('--once', 'evaluate the latest closed bar and exit')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store (default RAMPART_DATABASE_URL, else SQLite)')
    .option('--poll-seconds <n>', 'seconds to wait after a bar close before reading it', '30')
    .option('--start <iso>', 'first bar of a new session (default: the last closed bar)')
    .action(async (options: { config: string; paper?: boolean; once?: boolean; stateDir: string; databaseUrl?: string; pollSeconds: string; start?: string }) => {
      if (!options.paper) throw new InputError('run needs --paper: live trading is not available yet', { keyPath: '--paper' });
      const pollSeconds = Number(options.pollSeconds);
      if (!(pollSeconds > 0)) throw new InputError(`--poll-seconds must be a positive number, was "${options.pollSeconds}"`, { keyPath: '--poll-seconds', value: options.pollSeconds });
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runPaperJob({
          configPath: options.config,
          stateDir: options.stateDir,
          databaseUrl: options.databaseUrl,
          once: options.once,
          pollSeconds,
          start: options.start,
          signal: controller.signal,
        });
      } catch (error) {
        if (!(error instanceof RunnerLockedError)) throw error;
        process.stderr.write(`rampart run: ${error.message}\n`);
        setExitCode(1);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
