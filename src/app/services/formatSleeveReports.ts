import type { PlannedOrder } from '../../engine/live/liveTypes.ts';
import type { SleeveBarReport } from '../../engine/live/sleeveBarReport.ts';

export type { SleeveBarReport } from '../../engine/live/sleeveBarReport.ts';

const HEADER = ['sleeve', 'symbol', 'last closed bar (open, UTC)', 'target', 'position', 'would send', 'why no order'] as const;

function orderText(order: PlannedOrder): string {
  return `${order.side} ${order.quantity} ${order.type}${order.reduceOnly ? ' reduce-only' : ''}${order.stopPrice !== null ? ` stop ${order.stopPrice}` : ''}`;
}

/** The cells of one row, as the table prints them. */
export function sleeveReportCells(report: SleeveBarReport): string[] {
  return [
    report.sleeve,
    report.symbol,
    Number.isFinite(report.barTimeMs) ? new Date(report.barTimeMs).toISOString().replace('.000Z', 'Z') : '-',
    Number.isFinite(report.target) ? String(Number(report.target.toPrecision(6))) : '-',
    report.position ?? '?',
    report.orders.length === 0 ? '-' : report.orders.map(orderText).join('; '),
    report.noOrder.length === 0 ? '-' : report.noOrder.map((why) => `${why.reason}: ${why.detail}`).join('; '),
  ];
}

/**
 * `run --real --dry-run`'s per-sleeve table: what each sleeve decided at the last closed bar, what the
 * venue holds, what it would send or why nothing (the SOP's "targets are not NaN or all zero" check).
 */
export function formatSleeveReports(reports: readonly SleeveBarReport[]): string {
  const rows = [[...HEADER], ...reports.map(sleeveReportCells)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** The same rows as JSON-ready data (NaN as null). */
export function sleeveReportsJson(reports: readonly SleeveBarReport[]): unknown[] {
  return reports.map((report) => ({
    sleeve: report.sleeve,
    symbol: report.symbol,
    lastBarOpenTime: Number.isFinite(report.barTimeMs) ? new Date(report.barTimeMs).toISOString() : null,
    target: Number.isFinite(report.target) ? report.target : null,
    position: report.position ?? null,
    orders: report.orders.map((order) => ({ side: order.side, quantity: order.quantity, type: order.type, reduceOnly: order.reduceOnly, stopPrice: order.stopPrice, clientOrderId: order.clientOrderId })),
    noOrder: report.noOrder.map((why) => ({ reason: why.reason, ...(why.code !== undefined ? { code: why.code } : {}), detail: why.detail, ...(why.figures !== undefined ? { figures: why.figures } : {}) })),
  }));
}
