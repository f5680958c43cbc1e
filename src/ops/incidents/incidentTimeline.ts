import type { IncidentRecord, RiskGuardDecisionRecord, TradingStateTransition } from '../../ports/tradeStore.ts';

export interface TimelineEntry {
  readonly atMs: number;
  readonly event: string;
}

export interface TimelineSources {
  readonly transitions: readonly TradingStateTransition[];
  readonly incidents: readonly IncidentRecord[];
  readonly riskGuardDecisions: readonly RiskGuardDecisionRecord[];
  readonly fills: ReadonlyArray<{ readonly atMs: number; readonly symbol: string; readonly side: string; readonly quantity: string; readonly price: string }>;
}

/**
 * The account's event timeline between `fromMs` and `toMs` (inclusive), oldest first: trading-state
 * changes, stored incidents, risk-guard decisions and fills. Events of one time keep this source order.
 */
export function incidentTimeline(sources: TimelineSources, fromMs: number, toMs: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const t of sources.transitions) entries.push({ atMs: t.atMs, event: `trading state ${t.previousState ?? '(none)'} → ${t.state} by ${t.actor}: ${t.reason}` });
  for (const i of sources.incidents) entries.push({ atMs: i.atMs, event: `incident ${i.kind} (${i.severity})${typeof i.detail.reason === 'string' ? `: ${i.detail.reason}` : ''}` });
  for (const d of sources.riskGuardDecisions) entries.push({ atMs: d.atMs, event: `risk guard ${d.decision} (size multiplier ${d.sizeMultiplier})` });
  for (const f of sources.fills) entries.push({ atMs: f.atMs, event: `fill ${f.side} ${f.quantity} ${f.symbol} @ ${f.price}` });
  return entries.filter((entry) => entry.atMs >= fromMs && entry.atMs <= toMs).sort((a, b) => a.atMs - b.atMs);
}
