import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import type { AcceptanceCheck } from './acceptanceBars.ts';
import type { ParameterStability } from './parameterStability.ts';

/** One window of a walk-forward report; times are ISO-8601 bar open times, inclusive. */
export interface WalkForwardSegmentReport {
  index: number;
  train: { from: string; to: string };
  test: { from: string; to: string };
  /** The training run chosen; absent when no run met the minimum trade count (the window is not traded). */
  chosen?: { paramsHash: string; params: Record<string, unknown> };
  inSample?: BacktestMetrics;
  outOfSample?: BacktestMetrics;
  note?: string;
}

/** The JSON contract of `rampart walk-forward`. */
export interface WalkForwardReport {
  name: string;
  configPath: string;
  configSha256: string;
  gridPath: string;
  objective: string;
  minTrades: number;
  anchored: boolean;
  trainDays: number;
  testDays: number;
  windows: WalkForwardSegmentReport[];
  outOfSample: { totalReturnPct: number; sharpe: number; maxDrawdownPct: number; trades: number; winRatePct: number; equity: Array<[number, number]> };
  /** Mean Sharpe of the chosen runs on their training windows and on their test windows, and out/in. */
  degradation: { inSampleSharpe: number; outOfSampleSharpe: number; efficiency: number | null };
  stability: ParameterStability[];
  acceptance: AcceptanceCheck[];
  passed: boolean;
}
