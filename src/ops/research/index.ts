//! Research over many backtests: what a sweep's run records, how metrics vary with parameters, the
//! sweep's HTML page, and walk-forward's windows, selection and out-of-sample chaining.
export type { SweepRunResult, SweepRunSummary } from './sweepRunResult.ts';
export { BestRuns, BEST_CURVES, bySharpe } from './bestRuns.ts';
export { renderSweepHtml, type SweepHtmlInput } from './renderSweepHtml.ts';
export { metricByParameter } from './robustness.ts';
export { SWEEP_METRICS } from './sweepMetricColumns.ts';
export { walkForwardWindows, type WalkForwardWindow } from './walkForwardWindows.ts';
export { selectBestRun, OBJECTIVES, type Objective } from './selectBestRun.ts';
export { chainSegments } from './chainSegments.ts';
export { parameterStability } from './parameterStability.ts';
export { acceptanceChecks, ACCEPTANCE_BARS } from './acceptanceBars.ts';
export type { WalkForwardReport, WalkForwardSegmentReport } from './walkForwardReport.ts';
export { formatWalkForward } from './formatWalkForward.ts';
export { renderWalkForwardHtml } from './renderWalkForwardHtml.ts';
