import { existsSync } from 'node:fs';
import { InputError } from '../../domain/errors/inputError.ts';
import { callSimControl, type SimControlAnswer, type SimControlCommand } from '../services/venueSimulator.ts';
import { DEFAULT_VENUE_SIM_ENV_FILE, readVenueSimEnvFile } from './venueSimEnvFile.ts';

export interface VenueSimFaultJobInput {
  readonly request: { method: 'GET' | 'DELETE' } | { method: 'POST'; command: SimControlCommand };
  /** The venue's port on 127.0.0.1; else `url`, else RAMPART_VENUE_SIM_URL (environment, then env file). */
  readonly port?: number;
  readonly url?: string;
  /** The venue's env file (default ./venue-sim.env when it exists): where the control token is read when the environment has none. */
  readonly varsFile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Calls a running venue-sim's fault route with its control token, taken from the environment
 * (`RAMPART_VENUE_SIM_CONTROL_TOKEN`, as the env file loads it) or from the env file itself.
 */
export async function venueSimFaultJob(input: VenueSimFaultJobInput): Promise<{ url: string; answer: SimControlAnswer }> {
  const varsFile = input.varsFile ?? (existsSync(DEFAULT_VENUE_SIM_ENV_FILE) ? DEFAULT_VENUE_SIM_ENV_FILE : undefined);
  if (input.varsFile !== undefined && !existsSync(input.varsFile)) {
    throw new InputError(`--vars-file ${input.varsFile} does not exist: it is written by \`rampart venue-sim\` when the venue starts`, { keyPath: '--vars-file', value: input.varsFile });
  }
  const fromFile = varsFile === undefined ? {} : readVenueSimEnvFile(varsFile);
  // An explicit file wins over the environment: the operator named the venue to talk to.
  const variable = (name: string): string | undefined => (input.varsFile !== undefined ? (fromFile[name] ?? input.env[name]) : (input.env[name] ?? fromFile[name]));
  const url = input.port !== undefined ? `http://127.0.0.1:${input.port}` : (input.url ?? variable('RAMPART_VENUE_SIM_URL'));
  if (url === undefined) {
    throw new InputError('no venue to call: pass --port P (or --url), or load the venue\'s env file (set -a; . ./venue-sim.env; set +a)', { keyPath: '--port' });
  }
  const token = variable('RAMPART_VENUE_SIM_CONTROL_TOKEN');
  if (token === undefined || token === '') {
    throw new InputError('no control token: load the venue\'s env file (set -a; . ./venue-sim.env; set +a) or pass --vars-file PATH', { keyPath: 'RAMPART_VENUE_SIM_CONTROL_TOKEN' });
  }
  return { url, answer: await callSimControl(url, token, input.request) };
}
