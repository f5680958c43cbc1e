//! Research over many backtests: what a sweep's run records, how metrics vary with parameters, the
//! sweep's HTML page, and walk-forward's windows, selection and out-of-sample chaining.
export type { SweepRunResult } from './sweepRunResult.ts';
export { renderSweepHtml, type SweepHtmlInput } from './renderSweepHtml.ts';
export { metricByParameter } from './robustness.ts';
export { SWEEP_METRICS } from './sweepMetricColumns.ts';
