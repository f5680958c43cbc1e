import type { RiskReportSection } from './renderableReport.ts';
import { formatInteger, formatTime } from './formatNumbers.ts';
import { htmlTable } from './htmlTable.ts';

/** Rows beyond this are left out of the page (the JSON report keeps them all). */
export const MAX_DENIAL_ROWS = 500;

const DENIAL_FIXED_KEYS = new Set(['time', 'sleeve', 'code']);

function detailText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Risk-engine outcomes: denials counted by code, the denials themselves, and trading-state changes. */
export function renderRiskSection(risk: RiskReportSection): string {
  const byCode = Object.entries(risk.denialsByCode ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const denials = risk.denials ?? [];
  const stateChanges = risk.stateChanges ?? [];
  const shownDenials = denials.slice(0, MAX_DENIAL_ROWS);
  const parts = ['<section id="risk"><h2>Risk</h2>', '<div class="two-col"><div><h3>Denials by code</h3>'];
  parts.push(
    byCode.length === 0
      ? '<p class="note">No orders were denied.</p>'
      : htmlTable(byCode, [
          { header: 'Code', cell: ([code]) => code },
          { header: 'Denials', cell: ([, count]) => formatInteger(count), numeric: true },
        ]),
  );
  parts.push('</div><div><h3>Trading-state changes</h3>');
  parts.push(
    stateChanges.length === 0
      ? '<p class="note">The trading state never changed.</p>'
      : htmlTable(stateChanges, [
          { header: 'Time (UTC)', cell: (change) => formatTime(change.time) },
          { header: 'From', cell: (change) => change.from },
          { header: 'To', cell: (change) => change.to },
          { header: 'Trigger', cell: (change) => change.trigger },
        ]),
  );
  parts.push('</div></div>');
  if (denials.length > 0) {
    parts.push('<h3>Denied orders</h3>');
    if (denials.length > shownDenials.length) {
      parts.push(`<p class="note">Showing the first ${formatInteger(shownDenials.length)} of ${formatInteger(denials.length)} denials.</p>`);
    }
    parts.push(
      `<div class="table-scroll">${htmlTable(shownDenials, [
        { header: 'Time (UTC)', cell: (denial) => formatTime(denial.time) },
        { header: 'Sleeve', cell: (denial) => denial.sleeve },
        { header: 'Code', cell: (denial) => denial.code },
        {
          header: 'Details',
          cell: (denial) =>
            Object.entries(denial)
              .filter(([key]) => !DENIAL_FIXED_KEYS.has(key))
              .map(([key, value]) => `${key}=${detailText(value)}`)
              .join('  '),
        },
      ])}</div>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}
