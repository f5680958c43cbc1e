import type { Command } from 'commander';
import { consistencyJob } from '../../../app/wiring/paperJobs.ts';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart consistency`: what the store recorded against a backtest replay of the same bars; exit 1 below 100%. */
export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('consistency')
    .description('compare the signals and fills the store recorded with a replay of the same bars (exit 1 if they differ)')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .requiredOption('--from <iso>', 'window start (ISO-8601)')
    .requiredOption('--to <iso>', 'window end (ISO-8601)')
    .option('--pnl-tolerance <amount>', 'largest accepted PnL deviation, quote currency', '0.000001')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--json', 'print JSON')
    .action(async (options: { config: string; from: string; to: string; pnlTolerance: string; stateDir: string; databaseUrl?: string; json?: boolean }) => {
      const pnlTolerance = Number(options.pnlTolerance);
      if (!(pnlTolerance >= 0)) throw new InputError(`--pnl-tolerance must be a non-negative number, was "${options.pnlTolerance}"`, { keyPath: '--pnl-tolerance', value: options.pnlTolerance });
      const report = await consistencyJob({ configPath: options.config, from: options.from, to: options.to, pnlTolerance, stateDir: options.stateDir, databaseUrl: options.databaseUrl });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : `signals: ${report.signalAgreementPct.toFixed(2)}% agree (${report.signalsRecorded} recorded, ${report.signalsReplayed} replayed)\n` +
              `fills:   ${report.fillAgreementPct.toFixed(2)}% agree (${report.fillsRecorded} recorded, ${report.fillsReplayed} replayed)\n` +
              `pnl deviation: ${report.pnlDeviation}\n${report.ok ? 'consistent' : 'INCONSISTENT'}\n`,
      );
      if (!report.ok) setExitCode(1);
    });
}
