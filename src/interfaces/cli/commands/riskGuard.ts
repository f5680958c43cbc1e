import type { Command } from 'commander';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import { formatRiskGuard } from '../../../app/services/riskGuardReport.ts';
import { riskGuardApproveJob, riskGuardJob } from '../../../app/wiring/riskGuardJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

const ACTING_DECISIONS = ['REDUCE', 'PAUSE', 'FLATTEN_ALL'];

/** `rampart risk-guard`: the R1 SOP's daily risk check and its actions; `risk-guard approve`: a SCALE_UP's manual approval. */
export function register(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('risk-guard')
    .description('judge each account green/yellow/red by the rules file and decide KEEP / SCALE_UP / REDUCE / PAUSE / FLATTEN_ALL; acts unless --dry-run (exit 1 on REDUCE, PAUSE or FLATTEN_ALL)')
    // Checked in the action, not by commander: required options of this command would also be demanded of `approve`.
    .option('-c, --config <file>', 'config file (YAML), required')
    .option('--rules <file>', 'go-live rules file (e.g. config/r1-scale-rules.yaml), required')
    .option('--dry-run', 'judge and report only: store nothing, change nothing')
    .option('--json', 'print JSON (the same as reports/risk_guard/latest_decision.json)')
    .option('--account <name>', 'only this account')
    .option('--reports-dir <dir>', 'where risk_guard/latest_decision.json is written', 'reports')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)')
    .action(async (options: { config?: string; rules?: string; dryRun?: boolean; json?: boolean; account?: string; reportsDir: string; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      if (options.config === undefined) throw new InputError("risk-guard needs -c, --config <file>: the strategy config", { keyPath: '--config', value: '' });
      if (options.rules === undefined) throw new InputError('risk-guard needs --rules <file>: the go-live rules file (e.g. config/r1-scale-rules.yaml)', { keyPath: '--rules', value: '' });
      const { outcomes, withoutRecord, json, decisionFile } = await riskGuardJob({ configPath: options.config, rulesPath: options.rules, dryRun: options.dryRun === true, account: options.account, reportsDir: options.reportsDir, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${formatRiskGuard(outcomes, options.dryRun === true)}\n${withoutRecord.map((account) => `${account}: no record yet (no equity snapshot or fill in the store): nothing decided\n`).join('')}written: ${decisionFile}\n`);
      if (outcomes.some((outcome) => ACTING_DECISIONS.includes(outcome.judgement.decision))) setExitCode(1);
    });
  command
    .command('approve')
    .description("apply a pending SCALE_UP proposal (the account's latest risk-guard decision): sizes × 1.5 from the runner's next target; takes risk-guard's -c, --account, --state-dir, --database-url")
    .requiredOption('--reason <text>', 'why the scale-up is approved (kept in the store)')
    .action(async (_options: unknown, approve: Command) => {
      // -c, --account and the store options are risk-guard's own (commander gives them to the parent command).
      const options = approve.optsWithGlobals<{ config?: string; reason: string; account?: string; stateDir: string; databaseUrl?: string }>();
      if (options.config === undefined) throw new InputError('risk-guard approve needs -c, --config <file>: the strategy config', { keyPath: '--config', value: '' });
      const approved = await riskGuardApproveJob({ configPath: options.config, reason: options.reason, account: options.account, stateDir: options.stateDir, databaseUrl: options.databaseUrl });
      for (const entry of approved) process.stdout.write(`${entry.account}: scale-up approved, size multiplier ${entry.previousSizeMultiplier} → ${entry.sizeMultiplier}\n`);
    });
}
