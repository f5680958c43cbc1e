import { runBacktest } from '../services/runBacktest.ts';
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
  const { report } = await runBacktest({ loaded, dataSource: new PreloadedSleeveDataSource(context.data), from: window.from, to: window.to });
  const step = fullEquity ? 1 : Math.max(1, Math.ceil(report.equity.length / EQUITY_POINTS));
  const equity: Array<[number, number]> = [];
  for (let i = 0; i < report.equity.length; i += step) equity.push([Date.parse(report.equity[i].time), report.equity[i].equity]);
  const last = report.equity.at(-1);
  if (last && (report.equity.length - 1) % step !== 0) equity.push([Date.parse(last.time), last.equity]);
  return { gridIndex: run.gridIndex, paramsHash: run.paramsHash, params: run.params, metrics: report.metrics, equity };
}
