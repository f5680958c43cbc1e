import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { DEFAULT_VENUE_SYMBOLS, startVenueSim } from '../../../app/services/venueSimulator.ts';
import { InputError } from '../../../domain/errors/inputError.ts';
import type { SetExitCode } from '../registerCommands.ts';

interface VenueSimFlags {
  port: string;
  host: string;
  symbols: string;
  apiKey?: string;
  apiSecret?: string;
  walletBalance: string;
}

/** `rampart venue-sim`: a local Binance USDT-M venue to rehearse a go-live against (runs until Ctrl-C). */
export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command('venue-sim')
    .description('run a local Binance USDT-M futures venue (REST + websocket, HMAC-checked) until SIGINT')
    .requiredOption('--port <port>', 'TCP port to listen on (0 picks a free one)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--symbols <list>', `comma-separated symbols, from ${Object.keys(DEFAULT_VENUE_SYMBOLS).join(',')}`, 'BTCUSDT,ETHUSDT')
    .option('--api-key <key>', 'API key the venue accepts (random when left out)')
    .option('--api-secret <secret>', 'HMAC secret the venue checks signatures with (random when left out)')
    .option('--wallet-balance <usdt>', 'starting USDT wallet balance', '10000')
    .action(async (flags: VenueSimFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InputError(`--port must be an integer from 0 to 65535, was "${flags.port}"`, { keyPath: '--port', value: flags.port });
      }
      const walletBalance = Number(flags.walletBalance);
      if (!(walletBalance >= 0)) {
        throw new InputError(`--wallet-balance must be a non-negative number, was "${flags.walletBalance}"`, { keyPath: '--wallet-balance', value: flags.walletBalance });
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
      const apiKey = flags.apiKey ?? randomBytes(24).toString('hex');
      const apiSecret = flags.apiSecret ?? randomBytes(32).toString('hex');
      const sim = await startVenueSim({ host: flags.host, port, apiKey, apiSecret, symbols, walletBalance });
      process.stdout.write(
        `venue-sim listening: REST ${sim.url}  websocket ${sim.wsUrl}\n` +
          `symbols: ${symbols.map((s) => s.symbol).join(', ')}\n` +
          '# environment for a rampart process (or any ccxt binanceusdm client) pointed at this venue:\n' +
          `RAMPART_VENUE_URL=${sim.url}\n` +
          `RAMPART_VENUE_WS_URL=${sim.wsUrl}\n` +
          `BINANCE_API_KEY=${apiKey}\n` +
          `BINANCE_API_SECRET=${apiSecret}\n` +
          'Ctrl-C stops the venue.\n',
      );
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await sim.close();
      process.stdout.write('venue-sim stopped\n');
    });
}
