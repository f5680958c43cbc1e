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

/**
 * Runs one grid point through the same backtest `rampart backtest` runs, on the sweep's shared data.
 * A sweep keeps a thumbnail of the curve: the kernel samples at most EQUITY_POINTS (EQUITY_POINTS − 1
 * asked, plus the last bar), so nothing is thinned here; `fullEquity` keeps the kernel's usual samples
 * (walk-forward chains them).
 */
export async function executeRun(context: SweepContext, run: SweepRun, window: RunWindow = {}, fullEquity = false): Promise<SweepRunResult> {
  const loaded = await runConfig(context.base, context.baseRaw, context.spec, run);
  const { metrics, result } = await runBacktestMetrics({ loaded, dataSource: new PreloadedSleeveDataSource(context.data), from: window.from, to: window.to }, fullEquity ? undefined : EQUITY_POINTS - 1);
  // Rounded as the backtest report's equity points are.
  const equity = Array.from(result.sampleTimeMs, (timeMs, index): [number, number] => [timeMs, money(result.sampleEquity[index])]);
  return { gridIndex: run.gridIndex, paramsHash: run.paramsHash, params: run.params, metrics, equity };
}
