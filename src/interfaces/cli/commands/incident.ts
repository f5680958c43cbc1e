import type { Command } from 'commander';
import { incidentCloseJob, incidentListJob, incidentOpenJob, incidentShowJob } from '../../../app/wiring/incidentJobs.ts';
import type { SetExitCode } from '../setExitCode.ts';

const utc = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19));

function storeOptions(command: Command): Command {
  return command
    .option('--reports-dir <dir>', 'where incidents/<id>/ live', 'reports')
    .option('--state-dir <dir>', 'directory of the SQLite trade store', 'state')
    .option('--database-url <url>', 'postgres:// URL of the trade store')
    .option('--init', 'create an empty trade store if the location holds none (default: refuse, it is likely a mistyped --state-dir)');
}

/** `rampart incident open|list|show|close`: the R1 SOP's incident folder and post-mortem (§5–6). */
export function register(program: Command, setExitCode: SetExitCode): void {
  const incident = program.command('incident').description('incidents and post-mortems under reports/incidents/<id>/ (a halt, FLATTEN_ALL or failed reconciliation opens one by itself)');
  storeOptions(
    incident
      .command('open')
      .description("snapshot the store, the venue's positions and open orders, the last decisions, the risk-guard history and the timeline, and write postmortem.md")
      .requiredOption('-c, --config <file>', 'config file (YAML)')
      .requiredOption('--reason <text>', 'what happened (the trigger of a manual incident)')
      .option('--account <name>', 'the account (default: the config\'s only one)')
      .option('--base-url <url>', 'local venue origin (rehearsals)')
      .option('--testnet', "the venue's sandbox"),
  ).action(async (options: { config: string; reason: string; account?: string; baseUrl?: string; testnet?: boolean; reportsDir: string; stateDir: string; databaseUrl?: string; init?: boolean }) => {
    const opened = await incidentOpenJob({ configPath: options.config, reason: options.reason, account: options.account, baseUrl: options.baseUrl, testnet: options.testnet, reportsDir: options.reportsDir, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
    process.stdout.write(`incident ${opened.id} opened\n${opened.snapshot.map((line) => `  ${line}`).join('\n')}\nfill in ${options.reportsDir}/incidents/${opened.id}/postmortem.md, then: rampart incident close ${opened.id} -c ${options.config}\n`);
  });
  incident
    .command('list')
    .description('every incident, oldest first')
    .option('--reports-dir <dir>', 'where incidents/<id>/ live', 'reports')
    .option('--json', 'print JSON')
    .action((options: { reportsDir: string; json?: boolean }) => {
      const rows = incidentListJob(options);
      if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(rows.length === 0 ? 'no incident\n' : `${rows.map((row) => `${row.id}  ${row.status}  ${row.account}  ${row.trigger}  opened ${utc(row.openedAtMs)}  closed ${utc(row.closedAtMs)}`).join('\n')}\n`);
    });
  incident
    .command('show <id>')
    .description('the incident, its snapshot and what its post-mortem still lacks before close')
    .option('--reports-dir <dir>', 'where incidents/<id>/ live', 'reports')
    .option('--json', 'print JSON')
    .action((id: string, options: { reportsDir: string; json?: boolean }) => {
      const shown = incidentShowJob({ reportsDir: options.reportsDir, id });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return;
      }
      const i = shown.incident;
      process.stdout.write(
        [`${i.id}: ${i.status}`, `account: ${i.account}`, `trigger: ${i.trigger}: ${i.reason}`, `severity: ${i.severity}`, `triggered: ${utc(i.triggeredAtMs)}  opened: ${utc(i.openedAtMs)} by ${i.openedBy}  closed: ${utc(i.closedAtMs)}${i.closedBy ? ` by ${i.closedBy}` : ''}`, 'snapshot:', ...i.snapshot.map((line) => `  ${line}`), `post-mortem: ${shown.postmortemPath}`, ...(shown.missingBeforeClose.length > 0 ? ['before close:', ...shown.missingBeforeClose.map((line) => `  - ${line}`)] : ['ready to close'])].join('\n') + '\n',
      );
    });
  storeOptions(incident.command('close <id>').description('close once postmortem.md names the root cause and the restart decision (refused otherwise)').requiredOption('-c, --config <file>', 'config file (YAML)')).action(
    async (id: string, options: { config: string; reportsDir: string; stateDir: string; databaseUrl?: string; init?: boolean }) => {
      const closed = await incidentCloseJob({ id, configPath: options.config, reportsDir: options.reportsDir, stateDir: options.stateDir, databaseUrl: options.databaseUrl, init: options.init });
      process.stdout.write(`incident ${closed.id} closed\n`);
      void setExitCode;
    },
  );
}
