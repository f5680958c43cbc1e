import type { Command } from 'commander';
import { DEFAULT_MAX_REQUEST_BODY_BYTES, DEFAULT_VENUE_SYMBOLS } from '../../../app/services/venueSimulator.ts';
import { DEFAULT_VENUE_SIM_ENV_FILE } from '../../../app/wiring/venueSimEnvFile.ts';
import { startVenueSimSession } from '../../../app/wiring/venueSimSession.ts';
import { InputError, timeframeToMs } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { registerVenueSimFault } from './venueSimFault.ts';

interface VenueSimFlags {
  port?: string;
  host: string;
  symbols: string;
  apiKey?: string;
  apiSecret?: string;
  walletBalance: string;
  account: string;
  varsFile: string;
  overwriteVarsFile?: boolean;
  maxRequestBodyBytes: string;
  timeframe: string;
  historyBars: string;
}

/** `rampart venue-sim`: a local Binance USDT-M venue to rehearse a go-live against (runs until Ctrl-C or SIGTERM). */
export function register(program: Command, setExitCode: SetExitCode): void {
  const venueSim = program
    .command('venue-sim')
    .description('run a local Binance USDT-M futures venue (REST + websocket, HMAC-checked) until SIGINT/SIGTERM; `venue-sim fault` injects faults into it')
    .option('--port <port>', 'TCP port to listen on (0 picks a free one); required')
    .option('--host <host>', 'interface to bind: anything but loopback exposes the venue to the network', '127.0.0.1')
    .option('--account <name>', 'the account the printed variables are for (RAMPART_ACCOUNT_<NAME>_*)', 'main')
    // Not --env-file: Node 20 reads that flag even after the script name and exits 9 when the file is not there yet.
    .option('--vars-file <path>', 'where the variables are written (mode 0600)', DEFAULT_VENUE_SIM_ENV_FILE)
    .option('--overwrite-vars-file', 'replace --vars-file even when rampart venue-sim did not write it')
    .option('--symbols <list>', `comma-separated symbols, from ${Object.keys(DEFAULT_VENUE_SYMBOLS).join(',')}`, 'BTCUSDT,ETHUSDT,SOLUSDT')
    .option('--api-key <key>', 'API key the venue accepts (random when left out)')
    .option('--api-secret <secret>', 'HMAC secret the venue checks signatures with (random when left out; a flag is visible to other users in ps)')
    .option('--wallet-balance <usdt>', 'starting USDT wallet balance', '10000')
    .option('--timeframe <tf>', 'length of the bars the venue serves (klines), as the config\'s data.timeframe', '1h')
    .option('--history-bars <n>', 'closed bars of history at start (a 15% rise into each symbol\'s price); then one bar closes at every boundary', '1000')
    .option('--max-request-body-bytes <n>', 'larger request bodies are refused with 413 before any check', String(DEFAULT_MAX_REQUEST_BODY_BYTES))
    .action(async (flags: VenueSimFlags) => {
      const port = Number(flags.port);
      if (flags.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InputError(`--port must be an integer from 0 to 65535, was "${flags.port ?? '(missing)'}"`, { keyPath: '--port', value: flags.port });
      }
      const walletBalance = Number(flags.walletBalance);
      if (!(walletBalance >= 0)) {
        throw new InputError(`--wallet-balance must be a non-negative number, was "${flags.walletBalance}"`, { keyPath: '--wallet-balance', value: flags.walletBalance });
      }
      const maxRequestBodyBytes = Number(flags.maxRequestBodyBytes);
      if (!(Number.isInteger(maxRequestBodyBytes) && maxRequestBodyBytes > 0)) {
        throw new InputError(`--max-request-body-bytes must be a positive integer, was "${flags.maxRequestBodyBytes}"`, { keyPath: '--max-request-body-bytes', value: flags.maxRequestBodyBytes });
      }
      let timeframeMs: number;
      try {
        timeframeMs = timeframeToMs(flags.timeframe);
      } catch (error) {
        throw new InputError(`--timeframe ${(error as Error).message.replace(/^timeframe /, '')}`, { keyPath: '--timeframe', value: flags.timeframe });
      }
      const historyBars = Number(flags.historyBars);
      if (!(Number.isInteger(historyBars) && historyBars >= 0 && historyBars <= 1500)) {
        throw new InputError(`--history-bars must be an integer from 0 to 1500 (what one klines request serves), was "${flags.historyBars}"`, { keyPath: '--history-bars', value: flags.historyBars });
      }
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(flags.account)) {
        throw new InputError(`--account must be a name of letters, digits and _ (it becomes RAMPART_ACCOUNT_<NAME>_*), was "${flags.account}"`, { keyPath: '--account', value: flags.account });
      }
      const symbols = flags.symbols.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0).map((name) => {
        const symbol = DEFAULT_VENUE_SYMBOLS[name];
        if (symbol === undefined) {
          throw new InputError(`--symbols must list only ${Object.keys(DEFAULT_VENUE_SYMBOLS).join(', ')}, was "${name}"`, { keyPath: '--symbols', value: flags.symbols });
        }
        return symbol;
      });
      if ((flags.apiKey === undefined) !== (flags.apiSecret === undefined)) {
        throw new InputError('--api-key and --api-secret go together, was only one of them', { keyPath: flags.apiKey === undefined ? '--api-key' : '--api-secret' });
      }
      for (const [flag, value] of [['--api-key', flags.apiKey], ['--api-secret', flags.apiSecret]] as const) {
        // The value is not repeated: it may be the secret.
        if (value !== undefined && !/^[\x21-\x26\x28-\x7e]+$/.test(value)) throw new InputError(`${flag} must be printable ASCII without spaces or quotes`, { keyPath: flag });
      }
      if (!isLoopback(flags.host)) {
        process.stderr.write(
          `warning: venue-sim binds ${flags.host}, not loopback: anyone who can reach this port can trade on it with the key; ` +
            'its fault route needs the control token in the env file. Bind 127.0.0.1 unless you mean it.\n',
        );
      }
      const session = await startVenueSimSession({
        host: flags.host,
        port,
        symbols,
        walletBalance,
        account: flags.account,
        varsFile: flags.varsFile,
        overwriteVarsFile: flags.overwriteVarsFile === true,
        maxRequestBodyBytes,
        bars: { timeframeMs, historyBars },
        ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey }),
        ...(flags.apiSecret === undefined ? {} : { apiSecret: flags.apiSecret }),
      });
      const varsFile = shellWord(flags.varsFile.includes('/') ? flags.varsFile : `./${flags.varsFile}`);
      const shown = Object.entries(session.variables).map(([name, value]) => `  ${name}=${session.secretNames.has(name) ? masked(value, name.endsWith('_API_KEY')) : value}\n`);
      process.stdout.write(
        `venue-sim listening: REST ${session.url}  websocket ${session.wsUrl}\n` +
          `symbols: ${symbols.map((s) => s.symbol).join(', ')}; ${historyBars} closed ${flags.timeframe} bars of history, then a bar closes every ${flags.timeframe}\n` +
          `variables for account ${flags.account} (secrets masked here; the full values are in ${varsFile}, mode 0600):\n` +
          shown.join('') +
          `load them:  set -a; . ${varsFile}; set +a\n` +
          `then:       rampart check -c FILE --account ${flags.account} --base-url ${session.url}\n` +
          `            rampart run --real -c FILE --base-url ${session.url} --ws-url ${session.wsUrl}\n` +
          `faults:     rampart venue-sim fault <kind> [options] --port ${new URL(session.url).port}   (--list, --clear, --help)\n` +
          'Ctrl-C stops the venue and removes the env file.\n',
      );
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      await session.stop();
      process.stdout.write(`venue-sim stopped (${signal})\n`);
    });
  registerVenueSimFault(venueSim, setExitCode);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A key shows its last 4 characters, to tell it from another; a secret shows only its length. */
function masked(value: string, showTail: boolean): string {
  return showTail && value.length >= 16 ? `****${value.slice(-4)} (${value.length} chars)` : `**** (${value.length} chars)`;
}

function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
