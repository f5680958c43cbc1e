import type { IncidentRecord } from '../../ports/tradeStore.ts';

/** What opens an incident with its snapshot and post-mortem: a halt, a FLATTEN_ALL, a failed reconciliation. */
export interface IncidentTrigger {
  readonly account: string;
  /** A short name for the folder and the post-mortem, e.g. EMERGENCY_STOP_HALTED. */
  readonly kind: string;
  readonly reason: string;
  readonly atMs: number;
}

/** Stored incident kinds that mean the account's reconciliation with the venue failed. */
export const RECONCILIATION_FAILURES: readonly string[] = ['NOT_READY', 'POSITION_MISMATCH', 'EXTERNAL_POSITION', 'EXTERNAL_ORDER', 'EXTERNAL_FILLS'];

/**
 * Whether a stored incident opens a post-mortem incident: an emergency stop or risk-state change to
 * HALTED, the risk guard's PAUSE or FLATTEN_ALL, or a reconciliation failure. Undefined otherwise, and
 * for a record that does not name its account (nothing to snapshot).
 */
export function incidentTrigger(record: IncidentRecord): IncidentTrigger | undefined {
  const account = record.detail.account;
  if (typeof account !== 'string' || account === '') return undefined;
  const reason = typeof record.detail.reason === 'string' ? record.detail.reason : JSON.stringify(record.detail);
  const halted = (record.kind === 'EMERGENCY_STOP' || record.kind === 'RISK_STATE_CHANGE') && record.detail.state === 'HALTED';
  if (halted) return { account, kind: `${record.kind}_HALTED`, reason, atMs: record.atMs };
  if (record.kind === 'RISK_GUARD_PAUSE' || record.kind === 'RISK_GUARD_FLATTEN_ALL') {
    const reasons = Array.isArray(record.detail.reasons) ? record.detail.reasons.join('; ') : reason;
    return { account, kind: record.kind, reason: reasons, atMs: record.atMs };
  }
  if (RECONCILIATION_FAILURES.includes(record.kind)) return { account, kind: `RECONCILIATION_${record.kind}`, reason, atMs: record.atMs };
  return undefined;
}
