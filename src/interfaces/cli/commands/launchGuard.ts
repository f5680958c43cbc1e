import type { Command } from 'commander';
import { launchGuardJob } from '../../../app/wiring/gateJobs.ts';
import type { LaunchGuardReport } from '../../../app/services/launchGuard.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { gateOptions, jobOptions, type GateCliOptions } from './preflight.ts';

export function formatLaunchGuard(report: LaunchGuardReport): string {
  const lines = [`launch-guard: account ${report.account}, stage ${report.stage.stage} ${report.stage.name} (${report.stage.capital} USDT)`];
  lines.push('entry conditions:');
  for (const verdict of report.entry) lines.push(`  ${verdict.met ? 'MET    ' : 'NOT MET'}  ${verdict.text}`);
  if (report.entry.length === 0) lines.push('  (none)');
  for (const finding of report.hard) lines.push(`HARD  ${finding.name}: ${finding.detail}`);
  for (const finding of report.soft) lines.push(`SOFT  ${finding.name}: ${finding.detail}`);
  lines.push(report.decision);
  return lines.join('\n');
}

/** `rampart launch-guard -c FILE --rules FILE [--json]`: ALLOW_LAUNCH (exit 0) or BLOCK_LAUNCH (exit 1), stored. */
export function register(program: Command, setExitCode: SetExitCode): void {
  gateOptions(
    program.command('launch-guard').description("preflight's HARD checks plus the ladder's entry conditions for the stage the account trades at, on the store's paper and live record: ALLOW_LAUNCH (exit 0) or BLOCK_LAUNCH (exit 1); the decision and its inputs are stored"),
    'required',
  ).action(async (options: GateCliOptions & { rules: string }) => {
    const report = await launchGuardJob({ ...jobOptions(options), rulesPath: options.rules });
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatLaunchGuard(report)}\n`);
    if (report.decision !== 'ALLOW_LAUNCH') setExitCode(1);
  });
}
