import { runBacktestMetrics } from '../services/runBacktest.ts';
import { money } from '../../engine/report/reportRounding.ts';
import type { SweepRun } from './expandGrid.ts';
import { runConfig } from './runConfig.ts';
import { PreloadedSleeveDataSource } from './sharedSleeveData.ts';
import type { SweepContext } from './sweepContext.ts';
import { EQUITY_POINTS, type SweepRunResult } from '../../ops/research/sweepRunResult.ts';

/** A window of the data, as `rampart backtest --from --to` takes it (ISO-8601, inclusive). */
export interface RunWindow {
  readonly from?: string;
  readonly to?: string;
}

/** Runs one grid point through the same backtest `rampart backtest` runs, on the sweep's shared data. */
/** `fullEquity` keeps every equity point (walk-forward chains them); a sweep keeps EQUITY_POINTS. */
export async function executeRun(context: SweepContext, run: SweepRun, window: RunWindow = {}, fullEquity = false): Promise<SweepRunResult> {
  const loaded = await runConfig(context.base, context.baseRaw, context.spec, run);
  // A sweep keeps EQUITY_POINTS of the curve, so the kernel samples no more (its last bar is one more
  // sample), instead of 20k a run that would be thinned here.
  const { metrics, result } = await runBacktestMetrics({ loaded, dataSource: new PreloadedSleeveDataSource(context.data), from: window.from, to: window.to }, fullEquity ? undefined : EQUITY_POINTS - 1);
  // The kernel's equity samples, rounded as the backtest report's equity points are.
  const count = result.sampleEquity.length;
  const step = fullEquity ? 1 : Math.max(1, Math.ceil(count / EQUITY_POINTS));
  const equity: Array<[number, number]> = [];
  for (let i = 0; i < count; i += step) equity.push([result.sampleTimeMs[i], money(result.sampleEquity[i])]);
  if (count > 0 && (count - 1) % step !== 0) equity.push([result.sampleTimeMs[count - 1], money(result.sampleEquity[count - 1])]);
  return { gridIndex: run.gridIndex, paramsHash: run.paramsHash, params: run.params, metrics, equity };
}
