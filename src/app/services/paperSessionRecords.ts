import { OPERATOR_COMMAND_INCIDENT } from '../../engine/live/flattenRequests.ts';
import type { ManualCommand } from '../../engine/paper/manualCommand.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';

/** Incident kinds that carry a paper session's own records in the trade store. */
export const PaperIncident = {
  /** The session's start: the first bar every evaluation replays from. */
  SESSION: 'paper_session',
  /** An operator's kill, reset or flatten, replayed at its time. */
  MANUAL_COMMAND: OPERATOR_COMMAND_INCIDENT,
} as const;

export interface PaperSessionInfo {
  readonly startMs: number;
  readonly configName: string;
}

/** The session recorded in the store, or undefined before the first evaluation. */
export async function loadPaperSession(store: TradeStore): Promise<PaperSessionInfo | undefined> {
  const incidents = await store.listIncidents();
  const session = incidents.find((incident) => incident.kind === PaperIncident.SESSION);
  if (!session) return undefined;
  const startMs = session.detail.startMs;
  return { startMs: typeof startMs === 'number' ? startMs : Number(startMs), configName: String(session.detail.configName ?? '') };
}

/** Returns the stored session, recording a new one that starts at `startMs` when there is none. */
export async function ensurePaperSession(store: TradeStore, startMs: number, configName: string, nowMs: number): Promise<PaperSessionInfo> {
  const existing = await loadPaperSession(store);
  if (existing) return existing;
  await store.recordIncident({ atMs: nowMs, kind: PaperIncident.SESSION, severity: 'INFO', detail: { startMs, configName } });
  return { startMs, configName };
}

/** Operator commands recorded up to `upToMs`, oldest first. */
export async function loadManualCommands(store: TradeStore, upToMs: number): Promise<ManualCommand[]> {
  const incidents = await store.listIncidents({ toMs: upToMs });
  const commands: ManualCommand[] = [];
  for (const incident of incidents) {
    if (incident.kind !== PaperIncident.MANUAL_COMMAND) continue;
    const { command, account, symbol, reason } = incident.detail;
    if (command !== 'kill' && command !== 'reset' && command !== 'flatten') continue;
    commands.push({
      timeMs: incident.atMs,
      kind: command,
      account: String(account),
      ...(typeof symbol === 'string' ? { symbol } : {}),
      reason: String(reason ?? ''),
    });
  }
  return commands.sort((a, b) => a.timeMs - b.timeMs);
}
