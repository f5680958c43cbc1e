//! Composition root: the one place that builds adapters and hands them to the use cases.
//! Interfaces (CLI, HTTP, Telegram) call these jobs and never import adapters or the engine.
import { dirname, resolve } from 'node:path';
import { renderHtmlReport } from '../ops/reports/renderHtmlReport.ts';
import { renderSummaryTable } from '../ops/reports/renderSummaryTable.ts';
import type { BacktestReport } from '../engine/report/backtestReport.ts';
import { aggregatePriceCandles } from '../engine/report/aggregatePriceCandles.ts';
import { chartLibraryJs } from './wiring/chartLibrary.ts';
import { hashFile, loadConfig } from './config/loadConfig.ts';
import { runBacktest } from './services/runBacktest.ts';
import { assertProfileFit } from './services/assertProfileFit.ts';
import { StoreSleeveDataSource } from './wiring/storeSleeveDataSource.ts';
import { writeAtomically, safeFileName } from './wiring/writeAtomically.ts';

/** The config `npm start` and a bare `rampart backtest` run: shipped with the package. */
export const DEFAULT_CONFIG_PATH = resolve(dirname(new URL(import.meta.url).pathname), '../../config/r1-ensemble.yaml');

export interface BacktestJobOptions {
  readonly configPath?: string;
  readonly from?: string;
  readonly to?: string;
  /** Report paths; default reports/<config name>.json and .html under the working directory. */
  readonly jsonPath?: string;
  readonly htmlPath?: string;
  readonly onProgress?: (barsDone: number, barsTotal: number) => void;
  /** Trace this sleeve bar by bar into a CSV (default reports/<config name>-trace-<sleeve>.csv). */
  readonly traceSleeve?: string;
  readonly tracePath?: string;
  /** Run a config its profiles cut down (leverage, positions, strategies), with warnings instead of a refusal. */
  readonly allowProfileCuts?: boolean;
}

export interface BacktestJobResult {
  readonly report: BacktestReport;
  readonly summary: string;
  readonly jsonPath: string;
  readonly htmlPath: string;
  readonly tracePath?: string;
  /** What the operator should read before the figures (profile cuts), one line each. */
  readonly warnings: string[];
}

/** Runs a backtest from a config file and writes its JSON and HTML reports. */
export async function runBacktestJob(options: BacktestJobOptions): Promise<BacktestJobResult> {
  const loaded = loadConfig(options.configPath ?? DEFAULT_CONFIG_PATH);
  const warnings = assertProfileFit(loaded, options.allowProfileCuts === true);
  const tracePath = options.traceSleeve === undefined ? undefined : resolve(options.tracePath ?? `reports/${safeFileName(loaded.config.name)}-trace-${safeFileName(options.traceSleeve)}.csv`);
  const { report, result, traceCsv, warnings: dataWarnings } = await runBacktest({
    loaded,
    dataSource: new StoreSleeveDataSource(process.cwd()),
    from: options.from,
    to: options.to,
    onProgress: options.onProgress,
    ...(options.traceSleeve === undefined ? {} : { traceSleeve: options.traceSleeve }),
    ...(tracePath === undefined ? {} : { onTraceOnFailure: (csv: string) => writeAtomically(tracePath, csv) }),
  });
  if (tracePath !== undefined && traceCsv !== undefined) writeAtomically(tracePath, traceCsv);
  const jsonPath = resolve(options.jsonPath ?? `reports/${safeFileName(loaded.config.name)}.json`);
  const htmlPath = resolve(options.htmlPath ?? `reports/${safeFileName(loaded.config.name)}.html`);
  writeAtomically(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const prices = aggregatePriceCandles(result.sleeves, report.meta.barIntervalMs);
  writeAtomically(htmlPath, renderHtmlReport(report, { chartLibraryJs: chartLibraryJs(), prices }));
  return { report, summary: renderSummaryTable(report), jsonPath, htmlPath, warnings: [...warnings, ...dataWarnings], ...(tracePath === undefined ? {} : { tracePath }) };
}

/** SHA-256 of a config file's bytes (what `shasum -a 256` prints). */
export function configHash(path: string): string {
  return hashFile(path);
}


