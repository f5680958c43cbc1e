//! Test support for the live CLI wiring: the real `rampart run --real` process (a child) against a
//! local venue served by this process, with the account's variables in the child's environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { API_KEY, API_SECRET } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { ACCOUNT, startLiveHarness, type LiveHarness } from './liveTestSupport.ts';

/** The `RAMPART_ACCOUNT_<NAME>_EXCHANGE` value the rehearsal uses: a ccxt exchange id. */
export const REHEARSAL_EXCHANGE = 'binanceusdm';

const CLI = resolve(import.meta.dirname, '../../../bin/rampart.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<CliResult>;
}

export interface LiveCliHarness extends LiveHarness {
  /** The account's variables, as an operator exports them for the venue. */
  readonly env: Readonly<Record<string, string>>;
  readonly configPath: string;
  readonly stateDir: string;
  /** `rampart <args…>` as a child process (asynchronous: this process keeps serving the venue). */
  spawnCli(args: readonly string[], options?: { env?: Readonly<Record<string, string | undefined>> }): CliProcess;
  /** Runs `rampart <args…>` to its exit, killing it after `timeoutMs`. */
  cli(args: readonly string[], options?: { env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number }): Promise<CliResult>;
  /** `run --real --base-url <venue> -c <config> --state-dir <state>` plus `args`. */
  runRealArgs(...args: string[]): string[];
  /** Every process spawnCli started, in order. */
  readonly children: CliProcess[];
}

/** startLiveHarness (venue, config, store) plus the CLI as a child process pointed at the venue. */
export async function startLiveCliHarness(options: Parameters<typeof startLiveHarness>[0] = {}): Promise<LiveCliHarness> {
  const harness = await startLiveHarness(options);
  const prefix = `RAMPART_ACCOUNT_${ACCOUNT.toUpperCase()}`;
  const env: Record<string, string> = {
    [`${prefix}_EXCHANGE`]: REHEARSAL_EXCHANGE,
    [`${prefix}_API_KEY`]: API_KEY,
    [`${prefix}_API_SECRET`]: API_SECRET,
  };
  const configPath = join(harness.dir, 'config.yaml');
  const stateDir = harness.dir;
  const children: CliProcess[] = [];
  const spawnCli: LiveCliHarness['spawnCli'] = (args, spawnOptions = {}) => {
    const childEnv: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, RAMPART_TEST: '1', ...env, ...spawnOptions.env };
    const child = spawn(process.execPath, [CLI, ...args], { cwd: harness.dir, env: childEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const exited = new Promise<CliResult>((done) => child.once('close', (code, signal) => done({ code, signal, stdout: out, stderr: err })));
    const running = { child, stdout: () => out, stderr: () => err, exited };
    children.push(running);
    return running;
  };
  return Object.assign(harness, {
    env,
    children,
    configPath,
    stateDir,
    spawnCli,
    async cli(args: readonly string[], cliOptions: { env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number } = {}) {
      const running = spawnCli(args, cliOptions);
      const timer = setTimeout(() => running.child.kill('SIGKILL'), cliOptions.timeoutMs ?? 60_000);
      try {
        return await running.exited;
      } finally {
        clearTimeout(timer);
      }
    },
    runRealArgs: (...args: string[]) => ['run', '--real', '--base-url', harness.sim.url, '-c', configPath, '--state-dir', stateDir, ...args],
  });
}
