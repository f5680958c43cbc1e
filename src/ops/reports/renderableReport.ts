import type { BacktestReport, RiskReport } from '../../engine/report/backtestReport.ts';

/** Risk outcomes of a run as the report renders them. */
export type RiskReportSection = RiskReport;

/** What the report renderers accept: the JSON contract. */
export type RenderableReport = BacktestReport;
