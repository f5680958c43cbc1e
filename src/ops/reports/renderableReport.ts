import type { BacktestReport } from '../../engine/report/backtestReport.ts';

/** Risk outcomes the engine may attach to a backtest report; typed loosely until the risk engine fixes them. */
export interface RiskReportSection {
  denials: Array<{ time: string; sleeve: string; code: string; [key: string]: unknown }>;
  denialsByCode: Record<string, number>;
  stateChanges: Array<{ time: string; from: string; to: string; trigger: string; [key: string]: unknown }>;
}

/** What the report renderers accept: the JSON contract plus the optional risk section. */
export type RenderableReport = BacktestReport & { risk?: RiskReportSection };
