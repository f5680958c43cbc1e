import { Option, type Command } from 'commander';
import { runPaperJob } from '../../../app/wiring/paperJobs.ts';
import { RunnerLockedError } from '../../../app/services/paperRunner.ts';
import { runLiveJob } from '../../../app/wiring/liveJobs.ts';
import { LiveStartRefusedError } from '../../../app/services/liveRunner.ts';
import { InputError } from '../../../domain/errors/inputError.ts';
import { LockLostError } from '../../../domain/errors/lockLostError.ts';
import type { SetExitCode } from '../registerCommands.ts';

/** `rampart run --paper`: the paper runner (live trading comes with its own command options later). */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('run')
    .description('run the engine on a live clock: --paper fills on the simulated venue, --real trades through ccxt (with --dry-run: sends nothing); everything is recorded in the trade store')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--paper', 'paper trading: simulated venue, no exchange keys')
    .option('--real', 'live trading on the venue with the keys of RAMPART_ACCOUNT_<NAME>_*')
    .option('--dry-run', 'with --real: read the venue, compute the orders, print them, send none')
    .option('--testnet', "with --real: the venue's sandbox (never implied)")
    .option('--ws', 'with --real: websocket streams for bars (a stale feed pauses entries) and for orders and fills (REST back-fill each bar)')
    .addOption(new Option('--base-url <url>', 'with --real: a local venue origin (rehearsals)').hideHelp())
    .option('--once', 'evaluate the latest closed bar and exit')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store (default RAMPART_DATABASE_URL, else SQLite)')
    .option('--poll-seconds <n>', 'seconds to wait after a bar close before reading it', '30')
    .option('--start <iso>', 'first bar of a new session (default: the last closed bar)')
    .action(async (options: { config: string; paper?: boolean; real?: boolean; dryRun?: boolean; testnet?: boolean; ws?: boolean; baseUrl?: string; once?: boolean; stateDir: string; databaseUrl?: string; pollSeconds: string; start?: string }) => {
      if (options.paper === options.real) throw new InputError('run needs exactly one of --paper and --real', { keyPath: options.paper ? '--real' : '--paper' });
      const pollSeconds = Number(options.pollSeconds);
      if (!(pollSeconds > 0)) throw new InputError(`--poll-seconds must be a positive number, was "${options.pollSeconds}"`, { keyPath: '--poll-seconds', value: options.pollSeconds });
      if (options.real) {
        await runReal(options, pollSeconds, setExitCode);
        return;
      }
      if (options.dryRun || options.testnet || options.ws || options.baseUrl !== undefined) throw new InputError('--dry-run, --testnet, --ws and --base-url need --real', { keyPath: '--real' });
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
        if (!(error instanceof RunnerLockedError) && !(error instanceof LockLostError)) throw error;
        process.stderr.write(`rampart run: ${error.message}\n`);
        setExitCode(1);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}

async function runReal(options: { config: string; dryRun?: boolean; testnet?: boolean; ws?: boolean; baseUrl?: string; once?: boolean; stateDir: string; databaseUrl?: string }, pollSeconds: number, setExitCode: SetExitCode): Promise<void> {
  if (options.testnet && options.baseUrl !== undefined) throw new InputError('--testnet and --base-url exclude each other', { keyPath: '--base-url', value: options.baseUrl });
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const planned = await runLiveJob({
      configPath: options.config,
      stateDir: options.stateDir,
      databaseUrl: options.databaseUrl,
      dryRun: options.dryRun === true,
      once: options.once === true,
      testnet: options.testnet === true,
      ws: options.ws === true,
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      pollSeconds,
      signal: controller.signal,
    });
    if (options.dryRun) {
      for (const order of planned) process.stdout.write(`would send ${order.side} ${order.quantity} ${order.symbol} ${order.type}${order.reduceOnly ? ' reduce-only' : ''}${order.stopPrice ? ` stop ${order.stopPrice}` : ''} (${order.sleeve}, ${order.clientOrderId})\n`);
      if (planned.length === 0) process.stdout.write('would send no order\n');
    }
  } catch (error) {
    if (error instanceof LockLostError) {
      process.stderr.write(`rampart run --real: stopped: ${error.message}\n`);
      setExitCode(1);
      return;
    }
    if (!(error instanceof LiveStartRefusedError)) throw error;
    process.stderr.write(`rampart run --real: refused: ${error.message}\n`);
    setExitCode(1);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
