import type { RiskReportSection } from './renderableReport.ts';
import { escapeHtml } from './escapeHtml.ts';
import { formatInteger, formatQuantity, formatTime } from './formatNumbers.ts';
import { htmlTable } from './htmlTable.ts';

/** Rows beyond this are left out of the page (the JSON report keeps more, and counts all). */
export const MAX_DENIAL_ROWS = 500;
export const MAX_RESIZE_ROWS = 500;

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

/**
 * How many rows a listing shows, out of how many there were: the run's own count, never the length of
 * the (capped) list the report carries.
 */
function listingNote(noun: string, total: number, listed: number, shown: number): string {
  if (shown >= total) return '';
  const inJson = listed < total ? `; the JSON report lists the first ${formatInteger(listed)}` : '; the JSON report lists them all';
  return `<p class="note">Showing the first ${formatInteger(shown)} of ${formatInteger(total)} ${noun}${inJson}, and the counts above include every one.</p>`;
}

/** Risk-engine outcomes: denials and resized orders counted by code, their listings, and trading-state changes. */
export function renderRiskSection(risk: RiskReportSection): string {
  const byCode = Object.entries(risk.denialsByCode ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const denials = risk.denials ?? [];
  // The run's count; a hand-made report without one falls back to its counts by code.
  const denialTotal = risk.denialCount ?? Math.max(denials.length, Object.values(risk.denialsByCode ?? {}).reduce((sum, count) => sum + count, 0));
  const stateChanges = risk.stateChanges ?? [];
  const resized = risk.resized ?? { count: 0, byReason: {}, orders: [] };
  const shownDenials = denials.slice(0, MAX_DENIAL_ROWS);
  const parts = [
    '<section id="risk"><h2>Risk</h2>',
    `<p class="totals" id="risk-totals"><strong>${escapeHtml(formatInteger(denialTotal))}</strong> orders denied · <strong>${escapeHtml(formatInteger(resized.count))}</strong> orders resized · <strong>${escapeHtml(formatInteger(stateChanges.length))}</strong> trading-state changes</p>`,
    '<div class="two-col"><div><h3>Denials by code</h3>',
  ];
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
  parts.push(renderResized(resized));
  if (denials.length > 0) {
    parts.push('<h3>Denied orders</h3>');
    parts.push(listingNote('denials', denialTotal, denials.length, shownDenials.length));
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

/** Orders the risk engine cut down (the risk-per-trade limit, a notional cap) before they reached the venue. */
function renderResized(resized: NonNullable<RiskReportSection['resized']>): string {
  const parts = ['<h3 id="resized">Resized orders</h3>'];
  if (resized.count === 0) {
    parts.push('<p class="note">No order was resized: every approved order went out at the size the strategy asked for.</p>');
    return parts.join('\n');
  }
  const reasons = Object.entries(resized.byReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  parts.push(
    `<p class="note">${escapeHtml(formatInteger(resized.count))} approved orders were cut down before they were sent: ${escapeHtml(reasons.map(([reason, count]) => `${reason} ${formatInteger(count)}`).join(', '))}.</p>`,
  );
  const shown = resized.orders.slice(0, MAX_RESIZE_ROWS);
  parts.push(listingNote('resized orders', resized.count, resized.orders.length, shown.length));
  parts.push(
    `<div class="table-scroll" id="resized-orders">${htmlTable(shown, [
      { header: 'Time (UTC)', cell: (order) => formatTime(order.time) },
      { header: 'Sleeve', cell: (order) => order.sleeve },
      { header: 'Reason', cell: (order) => order.reason },
      { header: 'Asked', cell: (order) => formatQuantity(order.originalQuantity), numeric: true },
      // The quantity the limit allowed; the order then goes out floored to the lot step.
      { header: 'Allowed', cell: (order) => formatQuantity(order.quantity), numeric: true },
      { header: 'Cut', cell: (order) => (order.originalQuantity !== 0 ? `${formatInteger((1 - order.quantity / order.originalQuantity) * 100)}%` : '—'), numeric: true },
    ])}</div>`,
  );
  return parts.join('\n');
}
