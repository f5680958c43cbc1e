import type { Command } from 'commander';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import { stageJob } from '../../../app/wiring/gateJobs.ts';
import type { StageStatus } from '../../../app/services/stage.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { gateOptions, jobOptions, type GateCliOptions } from './preflight.ts';

export function formatStage(status: StageStatus): string {
  const { review } = status;
  const lines = [
    `stage: account ${status.account} at stage ${status.stage.stage} ${status.stage.name} (${status.stage.mode}, capital ${status.stage.capital} USDT) since ${new Date(status.enteredAtMs).toISOString()}`,
    `  sizes from at most ${Number.isFinite(status.sizingCapital) ? status.sizingCapital : 'the simulated balance'}${Number.isFinite(status.sizingCapital) ? ' USDT (min of account equity and stage capital)' : ''}`,
    `exit to ${review.next === undefined ? '(none: last stage)' : `stage ${review.next.stage} ${review.next.name}`} (all required):`,
  ];
  for (const verdict of review.exit) lines.push(`  ${verdict.met ? 'MET    ' : 'NOT MET'}  ${verdict.text}`);
  if (review.exit.length === 0) lines.push('  (none)');
  lines.push(`abort${status.review.stage.abort === undefined ? '' : ` to stage ${status.review.stage.abort.toStage}`} (any triggers):`);
  for (const verdict of review.abort) lines.push(`  ${verdict.met ? 'TRIGGERED' : 'clear    '}  ${verdict.text}`);
  if (review.abort.length === 0) lines.push('  (none)');
  if (review.next !== undefined && review.next.attestations.length > 0) lines.push(`attest before entering stage ${review.next.stage}: ${review.next.attestations.join('; ')}`);
  lines.push(review.abortToStage !== undefined ? `ABORT: move back to stage ${review.abortToStage} (rampart stage abort)` : review.mayAdvance ? `may advance to stage ${review.next?.stage} (rampart stage advance)` : `stays: ${review.missing.join('; ')}`);
  return lines.join('\n');
}

/** `rampart stage status|advance|abort -c FILE --rules FILE`: the capital ladder (R1 SOP §2). */
export function register(program: Command, setExitCode: SetExitCode): void {
  gateOptions(
    program
      .command('stage')
      .description("where the account stands on the capital ladder, every criterion with its value (status; exit 1 when an abort criterion is met); advance (exit criteria met, or --override --reason); abort (an abort criterion met, or --override --reason)")
      .argument('<action>', 'status | advance | abort')
      .option('--override', 'advance or abort although the criteria say otherwise (needs --reason; recorded)')
      .option('--reason <text>', 'why (recorded with the move)')
      .option('--approved-by <name>', 'who moves the account (default user@host)'),
    'required',
  ).action(async (action: string, options: GateCliOptions & { rules: string; override?: boolean; reason?: string; approvedBy?: string }) => {
    if (action !== 'status' && action !== 'advance' && action !== 'abort') throw new InputError(`stage takes status, advance or abort, was "${action}"`, { keyPath: 'action', value: action });
    const result = await stageJob({ ...jobOptions(options), rulesPath: options.rules, action, override: options.override === true, ...(options.reason !== undefined ? { reason: options.reason } : {}), ...(options.approvedBy !== undefined ? { actor: options.approvedBy } : {}) });
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const lines = [];
      if (result.moved !== undefined) lines.push(`moved from stage ${result.moved.fromStage} to stage ${result.moved.toStage} (${result.moved.how})`);
      if (result.refusal !== undefined) lines.push(`refused: ${result.refusal}`);
      lines.push(formatStage(result.status));
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (result.refusal !== undefined || (action === 'status' && result.status.review.abortToStage !== undefined)) setExitCode(1);
  });
}
