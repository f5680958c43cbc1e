/**
 * @module ops/reports
 * Rendering of backtest reports for people: the self-contained HTML page (inline CSS, the
 * lightweight-charts library and the charts' data inlined, no external references) and the
 * plain-text terminal summary. Pure functions from a BacktestReport to a string; reading the
 * library and writing files is the caller's job.
 */
export { renderHtmlReport, MAX_TRADE_ROWS, type HtmlReportOptions } from './renderHtmlReport.ts';
export { renderSummaryTable, type SummaryTableOptions } from './renderSummaryTable.ts';
export type { RenderableReport, RiskReportSection } from './renderableReport.ts';
