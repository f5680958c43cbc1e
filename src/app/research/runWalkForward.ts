import { OperationFailedError } from '../../domain/errors/operationFailedError.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { acceptanceChecks } from '../../ops/research/acceptanceBars.ts';
import { chainSegments } from '../../ops/research/chainSegments.ts';
import { parameterStability } from '../../ops/research/parameterStability.ts';
import { selectBestRun, type Objective } from '../../ops/research/selectBestRun.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';
import { walkForwardWindows } from '../../ops/research/walkForwardWindows.ts';
import type { WalkForwardReport, WalkForwardSegmentReport } from '../../ops/research/walkForwardReport.ts';
import { engineSettingsFrom } from '../services/runBacktest.ts';
import type { PreparedSweep } from './prepareSweep.ts';
import type { RunExecutor, RunFailure } from './runExecutor.ts';
import type { SweepTask } from './sweepWorker.ts';

export interface WalkForwardSettings {
  readonly trainMs: number;
  readonly testMs: number;
  readonly anchored: boolean;
  readonly objective: Objective;
  readonly minTrades: number;
}

const DAY_MS = 86_400_000;
const iso = (timeMs: number) => new Date(timeMs).toISOString();

/**
 * Walk-forward over the sweep's grid: every run on each training window, the best by the objective
 * (with at least minTrades trades) run on the next test window, the test segments chained into one
 * out-of-sample account and held to the acceptance bars. A test segment is the backtest
 * `rampart backtest --from test.from --to test.to` runs with the chosen parameters (indicators warm
 * up inside the segment, as they would in that run).
 */
export async function runWalkForward(prepared: PreparedSweep, executor: RunExecutor, settings: WalkForwardSettings, onProgress?: (done: number, total: number) => void): Promise<WalkForwardReport> {
  const { base, spec, data } = prepared.context;
  const firstMs = Math.min(...data.map((sleeve) => sleeve.candles.time[0]));
  const lastMs = Math.max(...data.map((sleeve) => sleeve.candles.time[sleeve.candles.length - 1]));
  const windows = walkForwardWindows(firstMs, lastMs, settings.trainMs, settings.testMs, settings.anchored);
  if (windows.length === 0) {
    throw new InputError(`--train ${settings.trainMs / DAY_MS}d leaves no test window: the data spans ${iso(firstMs)} … ${iso(lastMs)}`, { keyPath: '--train', value: settings.trainMs / DAY_MS });
  }
  const total = windows.length * (prepared.runs.length + 1);
  let done = 0;
  const tick = () => onProgress?.(++done, total);
  onProgress?.(0, total);

  const trainTasks: SweepTask[] = windows.flatMap((window) => prepared.runs.map((run) => ({ run, window: { from: iso(window.trainFromMs), to: iso(window.trainToMs) } })));
  const trainResults: SweepRunResult[][] = windows.map(() => []);
  failOn(
    await executor.runAll(trainTasks, (result, taskIndex) => {
      trainResults[Math.floor(taskIndex / prepared.runs.length)].push(result);
      tick();
    }),
  );
  const chosen = trainResults.map((results) => selectBestRun(results, settings.objective, settings.minTrades));
  const traded = windows.filter((_, index) => chosen[index] !== undefined);
  const testTasks: SweepTask[] = traded.map((window) => ({ run: prepared.runs.find((run) => run.paramsHash === chosen[window.index]!.paramsHash)!, window: { from: iso(window.testFromMs), to: iso(window.testToMs) }, fullEquity: true }));
  const testResults = new Map<number, SweepRunResult>();
  failOn(
    await executor.runAll(testTasks, (result, taskIndex) => {
      testResults.set(traded[taskIndex].index, result);
      tick();
    }),
  );
  for (let skipped = traded.length; skipped < windows.length; skipped++) tick();

  const segments: WalkForwardSegmentReport[] = windows.map((window) => {
    const best = chosen[window.index];
    const test = testResults.get(window.index);
    return {
      index: window.index,
      train: { from: iso(window.trainFromMs), to: iso(window.trainToMs) },
      test: { from: iso(window.testFromMs), to: iso(window.testToMs) },
      ...(best && test
        ? { chosen: { paramsHash: best.paramsHash, params: { ...best.params } }, inSample: best.metrics, outOfSample: test.metrics }
        : { note: `no run made ${settings.minTrades} trades in the training window; not traded` }),
    };
  });
  const initial = base.config.capital.initial;
  const tradedResults = windows.flatMap((window) => testResults.get(window.index) ?? []);
  const chained = chainSegments(
    tradedResults.map((result) => ({ equity: result.equity, initialEquity: initial })),
    initial,
    engineSettingsFrom(base.config).periodsPerYear,
  );
  const outOfSampleMetrics = segments.flatMap((segment) => segment.outOfSample ?? []);
  const trades = outOfSampleMetrics.reduce((sum, metrics) => sum + metrics.trades, 0);
  const wins = outOfSampleMetrics.reduce((sum, metrics) => sum + Math.round((metrics.winRatePct / 100) * metrics.trades), 0);
  const winRatePct = trades > 0 ? (wins / trades) * 100 : 0;
  const inSampleSharpe = mean(segments.flatMap((segment) => segment.inSample ?? []));
  const outOfSampleSharpe = mean(outOfSampleMetrics);
  const acceptance = acceptanceChecks({ sharpe: chained.sharpe, winRatePct });
  return {
    name: base.config.name,
    configPath: base.path,
    configSha256: base.sha256,
    gridPath: spec.file,
    objective: settings.objective,
    minTrades: settings.minTrades,
    anchored: settings.anchored,
    trainDays: settings.trainMs / DAY_MS,
    testDays: settings.testMs / DAY_MS,
    windows: segments,
    outOfSample: { totalReturnPct: chained.totalReturnPct, sharpe: chained.sharpe, maxDrawdownPct: chained.maxDrawdownPct, trades, winRatePct, equity: chained.equity },
    degradation: { inSampleSharpe, outOfSampleSharpe, efficiency: inSampleSharpe !== 0 ? outOfSampleSharpe / inSampleSharpe : null },
    stability: parameterStability(
      spec.parameters.map((parameter) => parameter.name),
      segments.flatMap((segment) => (segment.chosen ? [segment.chosen.params] : [])),
    ),
    acceptance,
    passed: traded.length > 0 && acceptance.every((check) => check.pass),
  };
}

/**
 * Every window needs every run: a walk-forward with a failed run (a queue's dead letter) has no result
 * to give, and the operator runs it again once the cause is mended.
 */
function failOn(failures: readonly RunFailure[]): void {
  if (failures.length > 0) {
    throw new OperationFailedError(`${failures.length} run(s) failed twice and went to the dead-letter queue (${failures.slice(0, 3).map((failure) => failure.reason).join('; ')}); no report was written: run the walk-forward again to retry them`);
  }
}

function mean(metrics: readonly BacktestMetrics[]): number {
  return metrics.length === 0 ? 0 : metrics.reduce((sum, m) => sum + m.sharpe, 0) / metrics.length;
}
