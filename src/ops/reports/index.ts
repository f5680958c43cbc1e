/**
 * @module ops/reports
 * Rendering of backtest reports for people: the self-contained HTML page (inline CSS and SVG
 * charts, no scripts or external references) and the plain-text terminal summary. Pure
 * functions from a BacktestReport to a string; writing files is the caller's job.
 */
export { renderHtmlReport, MAX_TRADE_ROWS } from './renderHtmlReport.ts';
export { renderSummaryTable, type SummaryTableOptions } from './renderSummaryTable.ts';
export type { RenderableReport, RiskReportSection } from './renderableReport.ts';
export { svgLineChart, type LineChartOptions, type LineSeries } from './svgLineChart.ts';
export { svgBarChart, type BarChartOptions, type Bar } from './svgBarChart.ts';
