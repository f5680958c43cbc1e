import type { DecisionRecord, FillRecord } from '../../engine/portfolio/runRecords.ts';
import type { RiskGateSummary } from '../../engine/risk/index.ts';
import type { TracedBar } from './tracingStrategy.ts';

/** What the run did for the traced sleeve besides the strategy's own answers. */
export interface TraceOutcomes {
  readonly decisions: readonly DecisionRecord[];
  readonly fills: readonly FillRecord[];
  readonly risk: Pick<RiskGateSummary, 'denials' | 'resizes'>;
}

/**
 * The trace as CSV, one row per bar: the bar (time, OHLCV), the position side shown, each indicator the
 * strategy exposes, the target it asked for, the decision the engine acted on, the orders filled at that
 * bar's time, and the risk engine's denials and resizes at that time.
 */
export function strategyTraceCsv(sleeve: string, bars: readonly TracedBar[], outcomes: TraceOutcomes): string {
  const indicatorNames: string[] = [];
  const seen = new Set<string>();
  for (const bar of bars) {
    for (const name of Object.keys(bar.indicators)) {
      if (!seen.has(name)) {
        seen.add(name);
        indicatorNames.push(name);
      }
    }
  }
  const decisions = byTime(outcomes.decisions.filter((decision) => decision.sleeve === sleeve), (decision) => `target ${num(decision.target)}${Number.isFinite(decision.stopDistance) ? ` stop ${num(decision.stopDistance)}` : ''}`);
  const fills = byTime(outcomes.fills.filter((fill) => fill.sleeve === sleeve), (fill) => `${fill.quantity > 0 ? 'buy' : 'sell'} ${num(Math.abs(fill.quantity))} @ ${num(fill.price)} (${fill.reason})`);
  const risk = byTime(
    [
      ...outcomes.risk.denials.filter((denial) => denial.sleeve === sleeve).map((denial) => ({ timeMs: denial.timeMs, text: `DENIED ${denial.code}` })),
      ...outcomes.risk.resizes.filter((resize) => resize.sleeve === sleeve).map((resize) => ({ timeMs: resize.timeMs, text: `RESIZED ${resize.reason} ${num(resize.originalQuantity)} -> ${num(resize.quantity)}` })),
    ],
    (entry) => entry.text,
  );
  const header = ['time', 'open', 'high', 'low', 'close', 'volume', 'side_at_close', ...indicatorNames, 'target', 'decision', 'orders', 'risk'];
  const lines = [header.map(cell).join(',')];
  for (const bar of bars) {
    lines.push(
      [
        new Date(bar.timeMs).toISOString(),
        num(bar.open),
        num(bar.high),
        num(bar.low),
        num(bar.close),
        num(bar.volume),
        num(bar.side),
        ...indicatorNames.map((name) => num(bar.indicators[name])),
        num(bar.target),
        decisions.get(bar.timeMs) ?? '',
        fills.get(bar.timeMs) ?? '',
        risk.get(bar.timeMs) ?? '',
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function byTime<T extends { timeMs: number }>(entries: readonly T[], text: (entry: T) => string): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of entries) out.set(entry.timeMs, out.has(entry.timeMs) ? `${out.get(entry.timeMs)}; ${text(entry)}` : text(entry));
  return out;
}

/** Numbers as JavaScript prints them, NaN and missing as an empty cell. */
function num(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(Number(value.toPrecision(12)));
}

function cell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
