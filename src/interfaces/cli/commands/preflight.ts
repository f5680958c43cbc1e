import type { Command } from 'commander';
import { preflightJob } from '../../../app/wiring/gateJobs.ts';
import type { PreflightReport } from '../../../app/services/preflight.ts';
import type { SetExitCode } from '../setExitCode.ts';

export interface GateCliOptions {
  config: string;
  rules?: string;
  goLive?: string;
  stateDir: string;
  databaseUrl?: string;
  testnetStateDir?: string;
  testnetDatabaseUrl?: string;
  paperStateDir?: string;
  paperDatabaseUrl?: string;
  account?: string;
  baseUrl?: string;
  json?: boolean;
}

/** The options every go-live gate command shares. */
export function gateOptions(command: Command, rules: 'required' | 'optional'): Command {
  (rules === 'required' ? command.requiredOption('--rules <file>', 'go-live rules file, e.g. config/r1-scale-rules.yaml') : command.option('--rules <file>', 'go-live rules file, e.g. config/r1-scale-rules.yaml (the pinned hash, the bounds, the ladder)'))
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--go-live <file>', 'go-live file (default config/go-live.yaml when it exists)')
    .option('--account <name>', 'account (default: the one the sleeves use)')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store (default RAMPART_DATABASE_URL, else SQLite)')
    .option('--testnet-state-dir <dir>', "the testnet runner's SQLite store, where testnet trades are counted")
    .option('--testnet-database-url <url>', "the testnet runner's PostgreSQL store")
    .option('--paper-state-dir <dir>', "the paper runner's SQLite store, where the paper stage's record is read (default: the account's store)")
    .option('--paper-database-url <url>', "the paper runner's PostgreSQL store")
    .option('--base-url <url>', 'REST origin of a local venue, e.g. http://127.0.0.1:9000 from `rampart venue-sim` (rehearsals)')
    .option('--json', 'print JSON');
  return command;
}

export function jobOptions(options: GateCliOptions) {
  return {
    configPath: options.config,
    ...(options.rules !== undefined ? { rulesPath: options.rules } : {}),
    ...(options.goLive !== undefined ? { goLivePath: options.goLive } : {}),
    stateDir: options.stateDir,
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.testnetStateDir !== undefined ? { testnetStateDir: options.testnetStateDir } : {}),
    ...(options.testnetDatabaseUrl !== undefined ? { testnetDatabaseUrl: options.testnetDatabaseUrl } : {}),
    ...(options.paperStateDir !== undefined ? { paperStateDir: options.paperStateDir } : {}),
    ...(options.paperDatabaseUrl !== undefined ? { paperDatabaseUrl: options.paperDatabaseUrl } : {}),
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
  };
}

export function formatPreflight(report: PreflightReport): string {
  const lines = [`preflight: account ${report.account} on ${report.venue}${report.testnet ? ' (testnet)' : ''}${report.stage ? `, stage ${report.stage.stage} ${report.stage.name} (${report.stage.capital} USDT)` : ''}`];
  for (const check of report.checks) lines.push(`${check.status.padEnd(4)}  ${check.name.padEnd(34)} ${check.detail}`);
  const failed = report.checks.filter((check) => check.status === 'FAIL').length;
  const warned = report.checks.filter((check) => check.status === 'WARN').length;
  lines.push(report.passed ? `no FAIL (${warned} warning(s)): preflight passed` : `${failed} FAIL, ${warned} warning(s): do not go live`);
  return lines.join('\n');
}

/** `rampart preflight -c FILE [--rules FILE] [--json]`: every pre-live check; exit 1 on any FAIL. */
export function register(program: Command, setExitCode: SetExitCode): void {
  gateOptions(program.command('preflight').description('every check before real trading (R1 SOP §1, operator manual §2, §7): PASS / WARN / FAIL with measured value and bound; exit 1 on any FAIL'), 'optional').action(
    async (options: GateCliOptions) => {
      const report = await preflightJob(jobOptions(options));
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatPreflight(report)}\n`);
      if (!report.passed) setExitCode(1);
    },
  );
}
