import { InputError } from '../../../domain/errors/inputError.ts';
import { timeframeToMs } from '../../../domain/market/timeframe.ts';
import type { FeatureComputer } from './featureComputer.ts';
import { AtrPctFeature, ClosePosFeature, EmaRatioFeature, RangePctFeature, ReturnFeature, ReturnStdFeature, RsiFeature } from './priceFeatures.ts';
import { HourCycleFeature, SESSIONS, SessionFeature, type SessionName } from './timeFeatures.ts';

/** The feature names the pipeline knows, as patterns (N, A, B whole numbers of bars; TF a timeframe). */
export const FEATURE_PATTERNS = [
  'ret_N',
  'ema_ratio_A_B',
  'rsi_N',
  'atr_N_pct',
  'std_N',
  'range_pct',
  'close_pos',
  'hour_sin',
  'hour_cos',
  'session_asia',
  'session_london',
  'session_ny',
  'htf_TF_<feature>',
] as const;

/** A higher-timeframe feature: `htf_4h_ret_1` is `ret_1` on completed 4h bars. */
export interface HigherTimeframeFeature {
  readonly timeframe: string;
  readonly timeframeMs: number;
  readonly feature: string;
}

/** `htf_4h_ret_1` → {4h, ret_1}; undefined for a feature on the base bars. */
export function parseHigherTimeframe(name: string): HigherTimeframeFeature | undefined {
  const match = /^htf_(\d+[mhdw])_(.+)$/.exec(name);
  if (!match) return undefined;
  return { timeframe: match[1], timeframeMs: timeframeToMs(match[1]), feature: match[2] };
}

function bars(text: string, name: string): number {
  const count = Number(text);
  if (!(count >= 1)) throw new InputError(`feature ${name}: the bar count must be at least 1, was ${text}`, { value: name });
  return count;
}

/** A computer for a feature on one bar stream (not `htf_…`); InputError for a name it does not know. */
export function createFeature(name: string): FeatureComputer {
  let match: RegExpExecArray | null;
  if ((match = /^ret_(\d+)$/.exec(name))) return new ReturnFeature(bars(match[1], name));
  if ((match = /^ema_ratio_(\d+)_(\d+)$/.exec(name))) return new EmaRatioFeature(bars(match[1], name), bars(match[2], name));
  if ((match = /^rsi_(\d+)$/.exec(name))) return new RsiFeature(bars(match[1], name));
  if ((match = /^atr_(\d+)_pct$/.exec(name))) return new AtrPctFeature(bars(match[1], name));
  if ((match = /^std_(\d+)$/.exec(name))) return new ReturnStdFeature(bars(match[1], name));
  if (name === 'range_pct') return new RangePctFeature();
  if (name === 'close_pos') return new ClosePosFeature();
  if (name === 'hour_sin' || name === 'hour_cos') return new HourCycleFeature(name === 'hour_cos');
  if ((match = /^session_(\w+)$/.exec(name)) && match[1] in SESSIONS) return new SessionFeature(match[1] as SessionName);
  throw new InputError(`unknown feature "${name}": the pipeline computes ${FEATURE_PATTERNS.join(', ')}`, { value: name });
}
