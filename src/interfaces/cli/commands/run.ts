import type { Command } from 'commander';
import { runPaperJob } from '../../../app/wiring/paperJobs.ts';
import { RunnerLockedError } from '../../../app/services/paperRunner.ts';
import { runLiveJob } from '../../../app/wiring/liveJobs.ts';
import { LiveStartRefusedError } from '../../../app/services/liveRunner.ts';
import { formatSleeveReports, sleeveReportsJson } from '../../../app/services/formatSleeveReports.ts';
import { InputError, LockLostError } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { portOption, startSurfaces } from './serve.ts';

/** `rampart run --paper`: the paper runner (live trading comes with its own command options later). */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('run')
    .description('run the engine on a live clock: --paper fills on the simulated venue, --real trades through ccxt (with --dry-run: sends nothing); everything is recorded in the trade store')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--paper', 'paper trading: simulated venue, no exchange keys')
    .option('--real', 'live trading on the venue with the keys of RAMPART_ACCOUNT_<NAME>_*')
    .option('--dry-run', 'with --real: read the real account and store, decide as live, print per sleeve the last bar, target, position and the orders it would send or why none; sends nothing, writes nothing')
    .option('--testnet', "with --real: the venue's sandbox (never implied)")
    .option('--allow-unrestricted-key', 'with --real --testnet only: a key without an IP restriction warns instead of refusing the start (withdrawals and transfers must still be off)')
    .option('--ws', 'with --real: websocket streams for bars (a stale feed pauses entries) and for orders and fills (REST back-fill each bar)')
    .option('--base-url <url>', 'with --real: REST origin of a local venue, e.g. http://127.0.0.1:9000 from `rampart venue-sim` (rehearsals; the go-live checks still run; excludes --testnet)')
    .option('--account-base-url <name=url...>', 'with --real --base-url: another local venue for one account, e.g. backup=http://127.0.0.1:9100 (failover rehearsals: a fallback account on its own venue)')
    .option('--ws-url <url>', 'with --real --base-url: websocket origin of the same venue, e.g. ws://127.0.0.1:9001 (default: the host and port of --base-url; the venue\'s stream paths are kept)')
    .option('--config-sha256 <hex>', 'with --real: the approved SHA-256 of the config file (`rampart config hash FILE`); a file that differs refuses the start. Required for live trading on the production venue')
    .option('--rules <file>', "with --real: the go-live rules file (config/r1-scale-rules.yaml): a config other than the one it pins refuses the start; sizing is capped at the stage's capital")
    .option('--go-live <file>', 'with --real: the go-live file whose activation gates entries (default config/go-live.yaml on the production venue; a local --base-url venue is gated only when given)')
    .option('--once', 'evaluate the latest closed bar and exit')
    .option('--json', 'with --real --dry-run: print the per-sleeve table as JSON')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store (default RAMPART_DATABASE_URL, else SQLite)')
    .option('--poll-seconds <n>', 'seconds to wait after a bar close before reading it', '30')
    .option('--start <iso>', 'first bar of a new session (default: the last closed bar)')
    .option('--http <port>', 'with --real: serve /health, /ready, /metrics, /api/ (and admin with RAMPART_ADMIN_TOKEN) from this process, on 127.0.0.1 unless --http-host')
    .option('--http-host <address>', 'with --http: address to bind', '127.0.0.1')
    .option('--telegram-commands', 'with --real: answer /status /positions /risk /kill /reset /flatten /golive off from the chats of RAMPART_TELEGRAM_ALLOWED_CHATS (bot token: RAMPART_TELEGRAM_BOT_TOKEN); destructive commands need a YES reply')
    .action(async (options: RunOptions & { paper?: boolean; real?: boolean; pollSeconds: string; start?: string }) => {
      if (options.paper === options.real) throw new InputError('run needs exactly one of --paper and --real', { keyPath: options.paper ? '--real' : '--paper' });
      const pollSeconds = Number(options.pollSeconds);
      if (!(pollSeconds > 0)) throw new InputError(`--poll-seconds must be a positive number, was "${options.pollSeconds}"`, { keyPath: '--poll-seconds', value: options.pollSeconds });
      if (options.real) {
        await runReal(options, pollSeconds, setExitCode);
        return;
      }
      if (options.telegramCommands) throw new InputError('--telegram-commands needs --real', { keyPath: '--telegram-commands' });
      if (options.http !== undefined) throw new InputError('--http needs --real (rampart serve shows a paper store)', { keyPath: '--http', value: options.http });
      if (options.dryRun || options.json || options.testnet || options.ws || options.baseUrl !== undefined || options.accountBaseUrl !== undefined || options.wsUrl !== undefined || options.allowUnrestrictedKey || options.configSha256 !== undefined || options.rules !== undefined || options.goLive !== undefined) {
        throw new InputError('--dry-run, --json, --testnet, --ws, --base-url, --account-base-url, --ws-url, --allow-unrestricted-key, --config-sha256, --rules and --go-live need --real', { keyPath: '--real' });
      }
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

interface RunOptions {
  config: string;
  dryRun?: boolean;
  testnet?: boolean;
  allowUnrestrictedKey?: boolean;
  ws?: boolean;
  baseUrl?: string;
  accountBaseUrl?: string[];
  wsUrl?: string;
  configSha256?: string;
  rules?: string;
  goLive?: string;
  once?: boolean;
  json?: boolean;
  stateDir: string;
  databaseUrl?: string;
  http?: string;
  httpHost: string;
  telegramCommands?: boolean;
}

async function runReal(options: RunOptions, pollSeconds: number, setExitCode: SetExitCode): Promise<void> {
  if (options.json && !options.dryRun) throw new InputError('--json prints the dry run\'s table: add --dry-run', { keyPath: '--json' });
  if (options.testnet && options.baseUrl !== undefined) throw new InputError('--testnet and --base-url exclude each other', { keyPath: '--base-url', value: options.baseUrl });
  if (options.testnet && options.wsUrl !== undefined) throw new InputError('--testnet and --ws-url exclude each other', { keyPath: '--ws-url', value: options.wsUrl });
  // Bars and fills from one venue driving orders on another would trade on a feed that is not the account's.
  if (options.wsUrl !== undefined && options.baseUrl === undefined) throw new InputError('--ws-url needs --base-url: REST and websockets must reach the same venue', { keyPath: '--ws-url', value: options.wsUrl });
  // A local --base-url is not the testnet: it may front a real account, so its key is checked in full.
  if (options.allowUnrestrictedKey && !options.testnet) {
    throw new InputError('--allow-unrestricted-key is for the testnet only: add --testnet, or restrict the key to trusted IPs', { keyPath: '--allow-unrestricted-key' });
  }
  if (options.baseUrl !== undefined) originOption(options.baseUrl, '--base-url', ['http:', 'https:']);
  if (options.wsUrl !== undefined) originOption(options.wsUrl, '--ws-url', ['ws:', 'wss:']);
  const accountBaseUrls: Record<string, string> = {};
  for (const pair of options.accountBaseUrl ?? []) {
    const match = /^([a-z0-9_]+)=(.+)$/i.exec(pair);
    if (match === null) throw new InputError(`--account-base-url must be NAME=URL, was "${pair}"`, { keyPath: '--account-base-url', value: pair });
    if (options.baseUrl === undefined) throw new InputError('--account-base-url needs --base-url: a rehearsal runs every account on a local venue', { keyPath: '--account-base-url', value: pair });
    originOption(match[2], '--account-base-url', ['http:', 'https:']);
    accountBaseUrls[match[1].toLowerCase()] = match[2];
  }
  if (options.configSha256 !== undefined && !/^[0-9a-f]{64}$/i.test(options.configSha256)) {
    throw new InputError(`--config-sha256 must be 64 hex digits as \`rampart config hash FILE\` prints them, was "${options.configSha256}"`, { keyPath: '--config-sha256', value: options.configSha256 });
  }
  // Case 36: real money on the production venue trades only a reviewed config (sandbox, rehearsal and dry run may skip it).
  if (options.configSha256 === undefined && options.rules === undefined && !options.testnet && options.baseUrl === undefined && !options.dryRun) {
    throw new InputError(`--config-sha256 (or --rules with the pinned hash) is required for live trading: pass the SHA-256 \`rampart config hash ${options.config}\` printed when the config was approved`, { keyPath: '--config-sha256', file: options.config });
  }
  const httpPort = options.http === undefined ? undefined : portOption(options.http, '--http');
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await runLiveJob({
      ...(httpPort !== undefined || options.telegramCommands ? { http: (surface) => startSurfaces(surface, { ...(httpPort !== undefined ? { port: httpPort } : {}), host: options.httpHost, telegram: options.telegramCommands === true }) } : {}),
      configPath: options.config,
      stateDir: options.stateDir,
      databaseUrl: options.databaseUrl,
      dryRun: options.dryRun === true,
      once: options.once === true,
      testnet: options.testnet === true,
      allowUnrestrictedKey: options.allowUnrestrictedKey === true,
      ws: options.ws === true,
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(options.wsUrl !== undefined ? { wsUrl: options.wsUrl } : {}),
      ...(Object.keys(accountBaseUrls).length > 0 ? { accountBaseUrls } : {}),
      ...(options.configSha256 !== undefined ? { approvedConfigSha256: options.configSha256.toLowerCase() } : {}),
      ...(options.rules !== undefined ? { rulesPath: options.rules } : {}),
      ...(options.goLive !== undefined ? { goLivePath: options.goLive } : {}),
      pollSeconds,
      signal: controller.signal,
    });
    // The dry run's answer: per sleeve, the last bar's decision and what would be sent or why nothing.
    // One JSON line (the log lines share stdout), its key telling it apart from them.
    if (options.dryRun) process.stdout.write(options.json ? `${JSON.stringify({ dryRunSleeves: sleeveReportsJson(result.sleeves) })}\n` : formatSleeveReports(result.sleeves));
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

/** Refuses a URL option that is not an origin of one of `protocols` (a path would be silently dropped). */
function originOption(value: string, option: string, protocols: readonly string[]): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const example = `${protocols[0]}//127.0.0.1:9000`;
  if (url === undefined || !protocols.includes(url.protocol)) throw new InputError(`${option} must be an origin such as ${example}, was "${value}"`, { keyPath: option, value });
  if (url.pathname !== '/' || url.search !== '') {
    throw new InputError(`${option} takes an origin: use ${url.origin} (the venue's own paths, such as /ws, are kept), was "${value}"`, { keyPath: option, value });
  }
}
