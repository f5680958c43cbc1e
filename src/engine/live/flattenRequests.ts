import type { TradeStore } from '../../ports/tradeStore.ts';

/**
 * The incident kind that carries operator commands (kill, reset, flatten) in the trade store; the
 * paper runner replays the same records (PaperIncident.MANUAL_COMMAND).
 */
export const OPERATOR_COMMAND_INCIDENT = 'manual_command';
/** Written once the venue reported flat for a flatten request: the request is no longer pending. */
export const FLATTEN_COMPLETED_INCIDENT = 'FLATTEN_COMPLETED';

/** A stored request to close positions of an account with reduce-only orders. */
export interface FlattenRequest {
  /** When it was recorded: its identity, and the time its client order ids derive from. */
  readonly atMs: number;
  readonly account: string;
  /** Only this symbol; undefined: every position of the account (FLATTEN_ALL). */
  readonly symbol: string | undefined;
  readonly reason: string;
  readonly actor: string;
}

/**
 * Records a flatten request, the seam every flatten trigger writes: `rampart flatten`, `kill --flatten`,
 * the emergency stop's HALT and a risk guard's FLATTEN_ALL (no symbol). The live runner acts on it
 * within one command check and marks it completed once the venue reports flat; paper replays it.
 */
export async function requestFlatten(store: TradeStore, request: FlattenRequest): Promise<void> {
  await store.recordIncident({
    atMs: request.atMs,
    kind: OPERATOR_COMMAND_INCIDENT,
    severity: 'WARNING',
    detail: { command: 'flatten', account: request.account, reason: request.reason, actor: request.actor, ...(request.symbol !== undefined ? { symbol: request.symbol } : {}) },
  });
}

/** The account's flatten requests not yet completed, oldest first. */
export async function pendingFlattens(store: TradeStore, account: string): Promise<FlattenRequest[]> {
  const requests: FlattenRequest[] = [];
  const completed = new Set<string>();
  for (const incident of await store.listIncidents()) {
    const { detail } = incident;
    if (detail.account !== account) continue;
    if (incident.kind === FLATTEN_COMPLETED_INCIDENT) completed.add(`${String(detail.requestAtMs)}:${String(detail.symbol ?? '*')}`);
    if (incident.kind !== OPERATOR_COMMAND_INCIDENT || detail.command !== 'flatten') continue;
    const symbol = typeof detail.symbol === 'string' ? detail.symbol : undefined;
    requests.push({ atMs: incident.atMs, account, symbol, reason: String(detail.reason ?? ''), actor: String(detail.actor ?? '') });
  }
  return requests.filter((request) => !completed.has(`${request.atMs}:${request.symbol ?? '*'}`)).sort((a, b) => a.atMs - b.atMs);
}

/** Marks a request done (the venue reported flat on its symbols at `atMs`). */
export async function completeFlatten(store: TradeStore, request: FlattenRequest, atMs: number): Promise<void> {
  await store.recordIncident({ atMs, kind: FLATTEN_COMPLETED_INCIDENT, severity: 'INFO', detail: { account: request.account, requestAtMs: request.atMs, symbol: request.symbol ?? null, reason: request.reason } });
}
