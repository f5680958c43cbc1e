import type { Command } from 'commander';
import { formatSleeveStage, percent } from '../../../app/services/formatSleeveStage.ts';
import { sizingAdvanceJob, sizingApplyJob, sizingStatusJob } from '../../../app/wiring/sizingJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

type StoreFlags = { config: string; stateDir: string; databaseUrl?: string; init?: boolean };

function storeOptions(command: Command): Command {
  return command
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)');
}

/** `rampart sizing status|advance`: staged risk per trade per sleeve (sizing.stages). */
export function register(program: Command, setExitCode: SetExitCode): void {
  const sizing = program.command('sizing').description("staged risk per trade per sleeve (sizing.stages): each sleeve's step, its evidence and what stepping up needs");
  storeOptions(sizing.command('status'))
    .description("print each sleeve's risk step, its evidence on the step and the verdict (ADVANCE_ELIGIBLE, HOLD, STEP_DOWN); exit 1 when a sleeve should step down")
    .option('--apply', 'take the steps the evidence calls for: every STEP_DOWN, and ADVANCE_ELIGIBLE when sizing.stages.automatic (recorded with the evidence)')
    .action(async (options: StoreFlags & { apply?: boolean }) => {
      const flags = { configPath: options.config, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init };
      const stages = await sizingStatusJob(flags);
      const lines = stages.map(formatSleeveStage);
      if (options.apply === true) {
        for (const moved of await sizingApplyJob(flags)) lines.push(`moved ${moved.account}/${moved.sleeve} to step ${moved.stepIndex}: risk ${percent(moved.riskPerTrade)} per trade (${moved.how}: ${moved.reason})`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      if (stages.some((stage) => stage.review.verdict === 'STEP_DOWN')) setExitCode(1);
    });
  storeOptions(sizing.command('advance'))
    .description('step a sleeve up one risk step; refused with the failing criteria unless --override (recorded with the evidence)')
    .requiredOption('--sleeve <name>', 'the sleeve to step up')
    .requiredOption('--reason <text>', 'why (kept in the store)')
    .option('--override', 'step up although the evidence does not allow it (recorded as an override with the failing criteria)')
    .action(async (options: StoreFlags & { sleeve: string; reason: string; override?: boolean }) => {
      const result = await sizingAdvanceJob({ configPath: options.config, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init, sleeve: options.sleeve, reason: options.reason, override: options.override === true });
      const lines = [formatSleeveStage(result.stage)];
      if (result.refusal !== undefined) lines.push(`refused: ${result.refusal}`);
      if (result.moved !== undefined) lines.push(`moved ${result.moved.account}/${result.moved.sleeve} from step ${result.stage.stepIndex} to step ${result.moved.stepIndex}: risk ${percent(result.moved.riskPerTrade)} per trade (${result.moved.how})`);
      process.stdout.write(`${lines.join('\n')}\n`);
      if (result.refusal !== undefined) setExitCode(1);
    });
}
