import type { Command } from 'commander';
import { serveJob } from '../../../app/wiring/httpJobs.ts';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import type { ControlSurface } from '../../../app/services/controlSurface.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** A TCP port option, refused with its name when it is not one. */
export function portOption(text: string, option: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) throw new InputError(`${option} must be a port number 1-65535, was "${text}"`, { keyPath: option, value: text });
  return port;
}

/** The HTTP server (when a port is given) and the Telegram bot (when asked) over one control surface; one close for both. Lines go to stderr (stdout may carry JSON). */
export async function startSurfaces(surface: ControlSurface, options: { port?: number; host: string; telegram: boolean }): Promise<{ close(): Promise<void> }> {
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  const closes: Array<() => Promise<void>> = [];
  try {
    // The server's and the bot's packages (fastify, prom-client, grammy) load here, when asked for, not
    // with every command of the CLI.
    if (options.port !== undefined) {
      const { startHttpServer } = await import('../../http/startHttpServer.ts');
      closes.push((await startHttpServer(surface, { port: options.port, host: options.host, env: process.env, say })).close);
    }
    if (options.telegram) {
      const { startTelegramBot } = await import('../../telegram/startTelegramBot.ts');
      closes.push((await startTelegramBot(surface, process.env, say)).close);
    }
  } catch (error) {
    for (const close of closes) await close();
    throw error;
  }
  return { close: async () => void (await Promise.all(closes.map((close) => close()))) };
}

/** `rampart serve`: health, readiness, metrics, the JSON API and (with RAMPART_ADMIN_TOKEN) the admin commands over a runner's store. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('serve')
    .description('HTTP server over the trade store: /health, /ready, /metrics (Prometheus), /api/ (JSON), and POST /api/admin/kill|flatten|reset when RAMPART_ADMIN_TOKEN is set')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--port <n>', 'TCP port', '8000')
    .option('--host <address>', 'address to bind (default 127.0.0.1: local only)', '127.0.0.1')
    .option('--go-live <file>', 'the go-live file whose switch POST /api/admin/go-live/deactivate turns off')
    .option('--telegram-commands', 'also answer Telegram commands (RAMPART_TELEGRAM_BOT_TOKEN, RAMPART_TELEGRAM_ALLOWED_CHATS)')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .action(async (options: { config: string; goLive?: string; telegramCommands?: boolean; port: string; host: string; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      const port = portOption(options.port, '--port');
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await serveJob({
          configPath: options.config,
          stateDir: options.stateDir,
          databaseUrl: options.databaseUrl,
          init: options.init,
          ...(options.goLive !== undefined ? { goLivePath: options.goLive } : {}),
          signal: controller.signal,
          start: (surface) => startSurfaces(surface, { port, host: options.host, telegram: options.telegramCommands === true }),
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
