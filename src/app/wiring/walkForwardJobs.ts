//! Composition for `rampart walk-forward`: the grid on each training window, the choice on the next
//! test window, on the same pool of worker threads a sweep uses, or on a sweep's BullMQ queue.
import { chartLibraryJs } from './chartLibrary.ts';
import { resolve } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { durationToMs } from '../../domain/market/timeframe.ts';
import { formatWalkForward, OBJECTIVES, renderWalkForwardHtml, type Objective, type WalkForwardReport } from '../../ops/research/index.ts';
import { openRunExecutor } from '../research/openRunExecutor.ts';
import { prepareSweep, type PreparedSweep } from '../research/prepareSweep.ts';
import type { RunExecutor } from '../research/runExecutor.ts';
import { runWalkForward } from '../research/runWalkForward.ts';
import { defaultWorkers } from './sweepJobs.ts';
import { StoreSleeveDataSource } from './storeSleeveDataSource.ts';
import { safeFileName, writeAtomically } from './writeAtomically.ts';
import { assertFileOutput } from './assertFileOutput.ts';

export interface WalkForwardJobOptions {
  readonly configPath: string;
  readonly gridPath: string;
  readonly train: string;
  readonly test: string;
  readonly anchored?: boolean;
  readonly objective?: string;
  readonly minTrades?: number;
  readonly workers?: number;
  /** Runs go to this executor instead of local threads (the BullMQ queue). */
  readonly executor?: (prepared: PreparedSweep) => Promise<RunExecutor>;
  readonly jsonPath?: string;
  readonly htmlPath?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function walkForwardJob(options: WalkForwardJobOptions): Promise<{ report: WalkForwardReport; text: string; jsonPath: string; htmlPath: string }> {
  const trainMs = parseDuration('--train', options.train);
  const testMs = parseDuration('--test', options.test);
  const objective = (options.objective ?? 'sharpe') as Objective;
  if (!OBJECTIVES.includes(objective)) throw new InputError(`--objective must be one of ${OBJECTIVES.join(', ')}, was "${options.objective}"`, { keyPath: '--objective', value: options.objective });
  const minTrades = options.minTrades ?? 5;
  const prepared = await prepareSweep(options.configPath, options.gridPath, new StoreSleeveDataSource(process.cwd()));
  const name = safeFileName(prepared.context.base.config.name);
  const jsonPath = resolve(options.jsonPath ?? `reports/${name}-walk-forward.json`);
  const htmlPath = resolve(options.htmlPath ?? `reports/${name}-walk-forward.html`);
  assertFileOutput(jsonPath, '--json');
  assertFileOutput(htmlPath, '--html');
  const executor = await openRunExecutor(prepared, options.executor, options.workers ?? defaultWorkers());
  let report: WalkForwardReport;
  try {
    report = await runWalkForward(prepared, executor, { trainMs, testMs, anchored: options.anchored === true, objective, minTrades }, options.onProgress);
  } finally {
    await executor.close();
  }
  writeAtomically(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeAtomically(htmlPath, renderWalkForwardHtml(report, chartLibraryJs()));
  return { report, text: formatWalkForward(report), jsonPath, htmlPath };
}

function parseDuration(flag: string, text: string): number {
  let durationMs: number;
  try {
    durationMs = durationToMs(text);
  } catch {
    throw new InputError(`${flag} must be a duration like 180d or 12h, was "${text}"`, { keyPath: flag, value: text });
  }
  if (!(durationMs > 0)) throw new InputError(`${flag} must be a duration like 180d or 12h, was "${text}"`, { keyPath: flag, value: text });
  return durationMs;
}

