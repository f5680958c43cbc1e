//! Composition for `rampart sweep`: the grid's runs on a pool of worker threads (or a BullMQ queue),
//! results streamed to an Arrow IPC stream file (record batches within 100 ms of each run), then the JSON and HTML reports.
import { chartLibraryJs } from './chartLibrary.ts';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../../domain/errors/inputError.ts';
import { BestRuns, renderSweepHtml, SWEEP_METRICS, type SweepRunSummary } from '../../ops/research/index.ts';
import { textTable } from '../../ops/reports/textTable.ts';
import { formatNumber } from '../../ops/reports/formatNumbers.ts';
import { openRunExecutor } from '../research/openRunExecutor.ts';
import { prepareSweep, type PreparedSweep } from '../research/prepareSweep.ts';
import { applyRun, standaloneRunConfig } from '../research/runConfig.ts';
import type { RunExecutor } from '../research/runExecutor.ts';
import { runSweep, type SweepOutcome, type SweepProgress } from '../research/runSweep.ts';
import { assertSweepResultsPath, SWEEP_RESULTS_EXTENSION } from '../research/sweepResultsFile.ts';
import { StoreSleeveDataSource } from './storeSleeveDataSource.ts';
import { writeAtomically, safeFileName } from './writeAtomically.ts';
import { writeJsonAtomically } from './writeJsonAtomically.ts';
import { assertFileOutput } from './assertFileOutput.ts';

export interface SweepJobOptions {
  readonly configPath: string;
  readonly gridPath: string;
  /** Worker threads; default one per core. */
  readonly workers?: number;
  readonly resultsPath?: string;
  readonly jsonPath?: string;
  readonly htmlPath?: string;
  readonly sample?: { runs: number; seed: number };
  /** Runs go to this executor instead of local threads (the BullMQ queue). */
  readonly executor?: (prepared: PreparedSweep) => Promise<RunExecutor>;
  readonly onProgress?: (progress: SweepProgress) => void;
}

export interface SweepJobResult extends SweepOutcome {
  readonly summary: string;
  readonly resultsPath: string;
  readonly jsonPath: string;
  readonly htmlPath: string;
  readonly workers: number | 'queue';
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/** `rampart sweep`: every run of the grid (or its sample), resumable, with its JSON and HTML reports. */
export async function sweepJob(options: SweepJobOptions): Promise<SweepJobResult> {
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`--workers must be a whole number of at least 1, was ${options.workers}`, { keyPath: '--workers', value: options.workers });
  if (options.resultsPath !== undefined) assertSweepResultsPath(options.resultsPath);
  const prepared = await prepareSweep(options.configPath, options.gridPath, new StoreSleeveDataSource(process.cwd()), options.sample);
  const name = safeFileName(prepared.context.base.config.name);
  const resultsPath = resolve(options.resultsPath ?? `reports/${name}-sweep${SWEEP_RESULTS_EXTENSION}`);
  const jsonPath = resolve(options.jsonPath ?? `reports/${name}-sweep.json`);
  const htmlPath = resolve(options.htmlPath ?? `reports/${name}-sweep.html`);
  assertFileOutput(resultsPath, '--results');
  assertFileOutput(jsonPath, '--json');
  assertFileOutput(htmlPath, '--html');
  const executor = await openRunExecutor(prepared, options.executor, workers);
  let outcome: SweepOutcome;
  try {
    outcome = await runSweep(prepared, executor, resultsPath, options.onProgress);
  } finally {
    await executor.close();
  }
  const parameters = prepared.context.spec.parameters.map((parameter) => parameter.name);
  // Every run's metrics in run order; the curves of the best runs only (every curve is in the results file).
  const head = { name: prepared.context.base.config.name, configPath: prepared.files.configPath, configSha256: prepared.files.configSha256, gridPath: prepared.files.gridPath, parameters, resultsPath, best: outcome.best };
  writeJsonAtomically(jsonPath, head, 'runs', outcome.results);
  writeAtomically(htmlPath, renderSweepHtml({ name: prepared.context.base.config.name, configPath: prepared.files.configPath, gridPath: prepared.files.gridPath, parameters, results: outcome.results, best: outcome.best, chartLibraryJs: chartLibraryJs(), resultsPath }));
  return { ...outcome, summary: formatSweepSummary(parameters, outcome.results), resultsPath, jsonPath, htmlPath, workers: options.executor ? 'queue' : workers };
}

/** The ten best runs by Sharpe as a text table. */
export function formatSweepSummary(parameters: readonly string[], results: readonly SweepRunSummary[]): string {
  const ten = new BestRuns<SweepRunSummary>(10);
  for (const result of results) ten.offer(result);
  const best = ten.runs;
  const columns = [{ header: 'run' }, ...parameters.map((header) => ({ header })), ...SWEEP_METRICS.map(({ label }) => ({ header: label, align: 'right' as const }))];
  const rows = best.map((result) => [result.paramsHash, ...parameters.map((name) => JSON.stringify(result.params[name])), ...SWEEP_METRICS.map(({ key, decimals }) => formatNumber(result.metrics[key], decimals))]);
  return [`best ${best.length} of ${results.length} runs by Sharpe`, ...textTable(columns, rows)].join('\n');
}

/** Writes the config of one run (by its hash) as a standalone file `rampart backtest -c` runs alone. */
export async function exportSweepRunJob(options: { configPath: string; gridPath: string; runHash: string; outPath: string; sample?: { runs: number; seed: number } }): Promise<{ outPath: string; params: Record<string, unknown> }> {
  const prepared = await prepareSweep(options.configPath, options.gridPath, undefined, options.sample);
  const run = prepared.runs.find((candidate) => candidate.paramsHash === options.runHash);
  if (!run) throw new InputError(`${options.gridPath}: no run of this sweep has the hash ${options.runHash}`, { file: options.gridPath, keyPath: '--export-run', value: options.runHash });
  const { base, baseRaw, spec } = prepared.context;
  const outPath = resolve(options.outPath);
  writeAtomically(outPath, stringify(standaloneRunConfig(base.baseDir, applyRun(baseRaw, spec, run))));
  return { outPath, params: { ...run.params } };
}


