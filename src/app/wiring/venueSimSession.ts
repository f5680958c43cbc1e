import { randomBytes } from 'node:crypto';
import { startSimMarketClock, startVenueSim } from '../services/venueSimulator.ts';
import type { VenueSimSymbol } from '../../adapters/exchange/venueSim/venueSimTypes.ts';
import { removeVenueSimEnvFile, writeVenueSimEnvFile } from './venueSimEnvFile.ts';

/** The exchange id Rampart reads for an account on the local venue (a ccxt id: the venue speaks Binance USDT-M). */
export const VENUE_SIM_EXCHANGE = 'binanceusdm';

export interface VenueSimSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly symbols: VenueSimSymbol[];
  readonly walletBalance: number;
  /** The account the variables are for (`RAMPART_ACCOUNT_<NAME>_*`). */
  readonly account: string;
  readonly varsFile: string;
  readonly overwriteVarsFile: boolean;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly maxRequestBodyBytes?: number;
  /** Bars the venue serves: their length and how many closed ones exist at start (0: no klines). */
  readonly bars: { readonly timeframeMs: number; readonly historyBars: number };
}

export interface VenueSimSession {
  readonly url: string;
  readonly wsUrl: string;
  /** Every variable written to the env file, in its order (secrets included: never print these values). */
  readonly variables: Readonly<Record<string, string>>;
  /** Names of the variables whose values are secrets. */
  readonly secretNames: ReadonlySet<string>;
  /** Stops the venue and removes its env file (when it still holds what was written). */
  stop(): Promise<void>;
}

/**
 * Starts the local venue for an operator's rehearsal and writes the variables a Rampart process
 * pointed at it reads (the account's, and the control token of the fault route) to a 0600 env file.
 */
export async function startVenueSimSession(options: VenueSimSessionOptions): Promise<VenueSimSession> {
  const apiKey = options.apiKey ?? randomBytes(24).toString('hex');
  const apiSecret = options.apiSecret ?? randomBytes(32).toString('hex');
  const controlToken = randomBytes(32).toString('hex');
  const sim = await startVenueSim({
    host: options.host,
    port: options.port,
    apiKey,
    apiSecret,
    symbols: options.symbols,
    walletBalance: options.walletBalance,
    controlToken,
    ...(options.maxRequestBodyBytes === undefined ? {} : { maxRequestBodyBytes: options.maxRequestBodyBytes }),
  });
  const prefix = `RAMPART_ACCOUNT_${options.account.toUpperCase()}`;
  // `--ws-url` takes an origin: the venue's stream paths (/ws, /stream) are the adapter's to add.
  const wsOrigin = new URL(sim.wsUrl).origin;
  const variables: Record<string, string> = {
    [`${prefix}_EXCHANGE`]: VENUE_SIM_EXCHANGE,
    [`${prefix}_API_KEY`]: apiKey,
    [`${prefix}_API_SECRET`]: apiSecret,
    RAMPART_VENUE_SIM_URL: sim.url,
    RAMPART_VENUE_SIM_WS_URL: wsOrigin,
    RAMPART_VENUE_SIM_CONTROL_TOKEN: controlToken,
  };
  const market = startSimMarketClock(sim, options.symbols, options.bars);
  let written: string;
  try {
    written = writeVenueSimEnvFile(
      options.varsFile,
      [
        `for account ${options.account} on the local venue at ${sim.url}; load with: set -a; . ${options.varsFile.includes('/') ? options.varsFile : `./${options.varsFile}`}; set +a`,
        'RAMPART_VENUE_SIM_* are read by `rampart venue-sim fault` and are the values of --base-url / --ws-url',
      ],
      variables,
      options.overwriteVarsFile,
    );
  } catch (error) {
    market.stop();
    await sim.close();
    throw error;
  }
  return {
    url: sim.url,
    wsUrl: wsOrigin,
    variables,
    secretNames: new Set([`${prefix}_API_KEY`, `${prefix}_API_SECRET`, 'RAMPART_VENUE_SIM_CONTROL_TOKEN']),
    async stop() {
      market.stop();
      await sim.close();
      removeVenueSimEnvFile(options.varsFile, written);
    },
  };
}
