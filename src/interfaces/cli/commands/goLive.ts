import type { Command } from 'commander';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import { goLiveJob } from '../../../app/wiring/gateJobs.ts';
import type { GoLiveStatus } from '../../../app/services/goLive.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { formatLaunchGuard } from './launchGuard.ts';
import { gateOptions, jobOptions, type GateCliOptions } from './preflight.ts';

function formatStatus(status: GoLiveStatus): string {
  const last = status.lastSwitch;
  return [
    `go-live: account ${status.account}`,
    `  file ${status.goLiveFile}: activationEnabled ${status.activationEnabled}`,
    `  flag ${status.flagPath}: ${status.flagPresent ? 'present' : 'absent'}`,
    `  last switch: ${last === undefined ? 'none recorded' : `${last.kind} ${new Date(last.atMs).toISOString()} by ${last.actor}${last.stage === null ? '' : `, stage ${last.stage}`}${last.configSha256 === null ? '' : `, config ${last.configSha256}`}: ${last.reason}`}`,
    status.permission.allowed ? `ACTIVE: ${status.permission.reason}` : `NOT ACTIVE: real-mode entries are skipped (ORDER_SKIPPED); exits and protective stops still go out. ${status.permission.reason}`,
  ].join('\n');
}

/** `rampart go-live status|activate|deactivate -c FILE --reason TEXT`: the GO-LIVE switch (operator manual §2–3). */
export function register(program: Command, setExitCode: SetExitCode): void {
  gateOptions(
    program
      .command('go-live')
      .description('the GO-LIVE switch: status; activate (needs activationEnabled in the go-live file, preflight and ALLOW_LAUNCH; stores who, when, config hash and stage and writes the flag file); deactivate (stored, flag removed: runners stop opening risk at their next decision)')
      .argument('<action>', 'status | activate | deactivate')
      .option('--reason <text>', 'why (required for activate and deactivate, recorded)')
      .option('--approved-by <name>', 'who activates or deactivates (default user@host)'),
    'optional',
  ).action(async (action: string, options: GateCliOptions & { reason?: string; approvedBy?: string }) => {
    if (action !== 'status' && action !== 'activate' && action !== 'deactivate') throw new InputError(`go-live takes status, activate or deactivate, was "${action}"`, { keyPath: 'action', value: action });
    const result = await goLiveJob({ ...jobOptions(options), action, ...(options.reason !== undefined ? { reason: options.reason } : {}), ...(options.approvedBy !== undefined ? { actor: options.approvedBy } : {}) });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const lines: string[] = [];
      if (result.activation?.guard !== undefined) lines.push(formatLaunchGuard(result.activation.guard));
      if (result.activation?.activated === true) lines.push('GO-LIVE ACTIVATED');
      if (result.activation?.refusal !== undefined) lines.push(`activation refused: ${result.activation.refusal}`);
      if (action === 'deactivate') lines.push('GO-LIVE DEACTIVATED: runners skip entries from their next decision');
      lines.push(formatStatus(result.status));
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (result.activation !== undefined && !result.activation.activated) setExitCode(1);
  });
}
