import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { incidentMetricsAt, incidentTimeline, missingBeforeClose, renderPostmortem, type IncidentTrigger } from '../../ops/incidents/index.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';

/** An incident's own record, `reports/incidents/<id>/incident.json`. */
export interface IncidentFile {
  readonly id: string;
  readonly account: string;
  readonly trigger: string;
  readonly reason: string;
  readonly severity: string;
  readonly status: 'OPEN' | 'CLOSED';
  readonly triggeredAtMs: number;
  readonly openedAtMs: number;
  readonly openedBy: string;
  readonly closedAtMs?: number;
  readonly closedBy?: string;
  /** What the snapshot holds: files written, or why the venue was not read. */
  readonly snapshot: readonly string[];
}

/** Where the venue's own view comes from: a gateway to read, or why there is none. */
export type VenueSource = { readonly gateway: Pick<ExchangeGateway, 'fetchPositions' | 'fetchOpenOrders'> } | { readonly notRead: string };

export interface OpenIncidentInput {
  readonly store: TradeStore;
  readonly trigger: IncidentTrigger;
  readonly severity?: string;
  readonly incidentsDir: string;
  readonly venue: VenueSource;
  /** Copies the store into the incident's folder and returns the file written (adapters/storage/snapshotTradeStore). */
  readonly snapshotStore: (store: TradeStore, account: string, dir: string) => Promise<string>;
  readonly actor: string;
  readonly nowMs: number;
  /** How many of the latest intents, signals and risk events go into decisions.json. */
  readonly lastDecisions?: number;
}

const INCIDENT_FILE = 'incident.json';
const POSTMORTEM_FILE = 'postmortem.md';
/** The timeline starts this long before the trigger. */
const TIMELINE_BEFORE_MS = 3 * 86_400_000;

function writeJson(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/** A new folder name: `<yyyymmdd_hhmmss>_<account>_<trigger>`, with `-2`, `-3` … when taken. */
function newIncidentId(incidentsDir: string, trigger: IncidentTrigger, nowMs: number): string {
  const base = `${stamp(nowMs)}_${trigger.account}_${trigger.kind}`.replace(/[^A-Za-z0-9_.-]/g, '-');
  let id = base;
  for (let n = 2; existsSync(join(incidentsDir, id)); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Opens an incident: a folder under `incidentsDir` with the store's snapshot, the venue's positions
 * and open orders (or why they were not read), the last decisions, the risk-guard history, the event
 * timeline and the post-mortem from the R1 SOP's template with trigger, timeline and metrics filled in.
 */
export async function openIncident(input: OpenIncidentInput): Promise<IncidentFile> {
  const { store, trigger } = input;
  const account = trigger.account;
  const id = newIncidentId(input.incidentsDir, trigger, input.nowMs);
  const dir = join(input.incidentsDir, id);
  mkdirSync(dir, { recursive: true });
  const snapshot: string[] = [];
  try {
    snapshot.push(`store: ${await input.snapshotStore(store, account, dir)}`);
  } catch (error) {
    snapshot.push(`store not copied: ${(error as Error).message}`);
  }
  if ('gateway' in input.venue) {
    try {
      const [positions, openOrders] = await Promise.all([input.venue.gateway.fetchPositions(), input.venue.gateway.fetchOpenOrders()]);
      writeJson(join(dir, 'venue.json'), { readAtMs: input.nowMs, positions, openOrders });
      snapshot.push(`venue: ${join(dir, 'venue.json')} (${positions.filter((p) => !p.quantity.isZero()).length} open positions, ${openOrders.length} open orders)`);
    } catch (error) {
      writeJson(join(dir, 'venue.json'), { notRead: (error as Error).message });
      snapshot.push(`venue not read: ${(error as Error).message}`);
    }
  } else {
    writeJson(join(dir, 'venue.json'), { notRead: input.venue.notRead });
    snapshot.push(`venue not read: ${input.venue.notRead}`);
  }
  const last = input.lastDecisions ?? 50;
  const intents = await store.listIntents({ account });
  writeJson(join(dir, 'positions.json'), { store: await store.listPositions(account), openOrders: await store.listOpenOrders(account) });
  writeJson(join(dir, 'decisions.json'), { intents: intents.slice(-last), signals: (await store.listSignals()).slice(-last), riskEvents: (await store.listRiskEvents({ account })).slice(-last) });
  const riskGuardDecisions = await store.listRiskGuardDecisions({ account });
  writeJson(join(dir, 'risk_guard.json'), riskGuardDecisions);
  const sources = {
    transitions: await store.listTradingStateTransitions(account),
    incidents: (await store.listIncidents()).filter((incident) => incident.detail.account === account),
    riskGuardDecisions,
    fills: await store.listFills({ account }),
  };
  const timeline = incidentTimeline(sources, trigger.atMs - TIMELINE_BEFORE_MS, input.nowMs);
  writeJson(join(dir, 'timeline.json'), timeline);
  for (const name of ['positions.json', 'decisions.json', 'risk_guard.json', 'timeline.json']) snapshot.push(`${name.replace('.json', '')}: ${join(dir, name)}`);
  const equity = (await store.listEquitySnapshots(account)).map((row) => ({ atMs: row.atMs, equity: Number(row.equity) }));
  const severity = input.severity ?? 'CRITICAL';
  writeFileSync(
    join(dir, POSTMORTEM_FILE),
    renderPostmortem({ id, account, trigger: trigger.kind, reason: trigger.reason, severity, openedAtMs: input.nowMs, timeline, before: incidentMetricsAt(equity, trigger.atMs - 1), after: incidentMetricsAt(equity, input.nowMs), snapshotNotes: snapshot }),
  );
  const file: IncidentFile = { id, account, trigger: trigger.kind, reason: trigger.reason, severity, status: 'OPEN', triggeredAtMs: trigger.atMs, openedAtMs: input.nowMs, openedBy: input.actor, snapshot };
  writeJson(join(dir, INCIDENT_FILE), file);
  return file;
}

/** Every incident under `incidentsDir`, oldest first (an absent directory holds none). */
export function listIncidentFiles(incidentsDir: string): IncidentFile[] {
  if (!existsSync(incidentsDir)) return [];
  return readdirSync(incidentsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(incidentsDir, entry.name, INCIDENT_FILE)))
    .map((entry) => JSON.parse(readFileSync(join(incidentsDir, entry.name, INCIDENT_FILE), 'utf8')) as IncidentFile)
    .sort((a, b) => a.openedAtMs - b.openedAtMs || a.id.localeCompare(b.id));
}

/** The incident and its post-mortem's path, with what still keeps it from closing; InputError for an unknown id. */
export function showIncident(incidentsDir: string, id: string): { incident: IncidentFile; postmortemPath: string; missingBeforeClose: string[] } {
  const dir = join(incidentsDir, id);
  if (!/^[A-Za-z0-9_.-]+$/.test(id) || !existsSync(join(dir, INCIDENT_FILE))) throw new InputError(`no incident "${id}" under ${incidentsDir} (rampart incident list shows them)`, { keyPath: 'ID', value: id });
  const incident = JSON.parse(readFileSync(join(dir, INCIDENT_FILE), 'utf8')) as IncidentFile;
  const postmortemPath = join(dir, POSTMORTEM_FILE);
  const markdown = existsSync(postmortemPath) ? readFileSync(postmortemPath, 'utf8') : '';
  return { incident, postmortemPath, missingBeforeClose: markdown === '' ? [`${postmortemPath} is missing`] : missingBeforeClose(markdown) };
}

/**
 * Closes an incident once its post-mortem names the root cause and the restart decision (InputError
 * listing what is missing otherwise), and records the closing in the store.
 */
export async function closeIncident(input: { store: TradeStore; incidentsDir: string; id: string; actor: string; nowMs: number }): Promise<IncidentFile> {
  const { incident, postmortemPath, missingBeforeClose: missing } = showIncident(input.incidentsDir, input.id);
  if (incident.status === 'CLOSED') throw new InputError(`incident ${input.id} is already closed (by ${incident.closedBy ?? '?'})`, { keyPath: 'ID', value: input.id });
  if (missing.length > 0) throw new InputError(`incident ${input.id} cannot close: ${missing.join('; ')} in ${postmortemPath}`, { file: postmortemPath, value: input.id });
  const closed: IncidentFile = { ...incident, status: 'CLOSED', closedAtMs: input.nowMs, closedBy: input.actor };
  await input.store.recordIncident({ atMs: input.nowMs, kind: 'INCIDENT_CLOSED', severity: 'INFO', detail: { account: incident.account, id: incident.id, trigger: incident.trigger, actor: input.actor } });
  writeJson(join(input.incidentsDir, input.id, INCIDENT_FILE), closed);
  return closed;
}

/**
 * Opens an incident for a stored trigger unless one of the same account and trigger is still open
 * (a reconciliation retried every bar must not open one per bar); returns undefined when skipped.
 */
export async function openIncidentOnce(input: OpenIncidentInput): Promise<IncidentFile | undefined> {
  const open = listIncidentFiles(input.incidentsDir).some((incident) => incident.status === 'OPEN' && incident.account === input.trigger.account && incident.trigger === input.trigger.kind);
  return open ? undefined : openIncident(input);
}
