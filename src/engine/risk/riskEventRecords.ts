import type { JsonObject, JsonValue, RiskEventRecord } from '../../ports/tradeStore.ts';
import type { RiskDenialCode } from '../../risk/index.ts';
import type { RiskDenialRecord } from './riskGateRecords.ts';

/** Where a denied order was headed: the store's columns that the gate's record does not carry. */
export interface DeniedOrderRef {
  readonly symbol: string;
  readonly strategy: string;
  readonly clientOrderId: string | null;
}

/**
 * A risk gate's denial as the store keeps it (live and paper): the record's sleeve and figures in
 * `detail`, so `denialOfRiskEvent` gives back the record the report's `risk` section is built from.
 * JSON has no NaN or Infinity: an unknown or unbounded figure is stored as null.
 */
export function riskEventOfDenial(record: Omit<RiskDenialRecord, 'code'> & { readonly code: string }, order: DeniedOrderRef): RiskEventRecord {
  const figures: JsonObject = {};
  for (const [key, value] of Object.entries(record.figures)) figures[key] = jsonValue(value);
  return { account: record.account, atMs: record.timeMs, code: record.code, symbol: order.symbol, strategy: order.strategy, clientOrderId: order.clientOrderId, detail: { sleeve: record.sleeve, figures } };
}

/**
 * The gate's denial record of a stored risk event written by riskEventOfDenial; undefined for other
 * events (a venue's refusal, a paused entry), which are no risk-engine denials.
 */
export function denialOfRiskEvent(event: RiskEventRecord): RiskDenialRecord | undefined {
  const { sleeve, figures } = event.detail;
  if (typeof sleeve !== 'string' || figures === null || typeof figures !== 'object' || Array.isArray(figures)) return undefined;
  const numbers: Record<string, unknown> = {};
  // Stored null stands for a figure that was not finite: NaN again, which the report prints as null.
  for (const [key, value] of Object.entries(figures)) numbers[key] = value === null ? Number.NaN : value;
  return { timeMs: event.atMs, sleeve, account: event.account, code: event.code as RiskDenialCode, figures: numbers };
}

function jsonValue(value: unknown): JsonValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object' && value !== undefined) {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[key] = jsonValue(inner);
    return out;
  }
  return null;
}
