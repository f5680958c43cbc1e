import { InputError } from '../../domain/errors/inputError.ts';
import { formatTimeframe, medianStepMs } from '../../domain/market/inferTimeframe.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { SleeveInput } from '../../engine/engineSettings.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';

/**
 * The bar interval a run annualises and reports with, read from the data: the median step of each
 * sleeve's market data (synthetic sleeves are made at the config's timeframe and say nothing). A
 * `data.timeframe` the config writes must match it; one the config leaves out is taken from the data,
 * so a daily file is never reported as "bars of 1h". Sleeves of different steps are refused.
 */
export function resolveBarInterval(loaded: LoadedConfig, inputs: readonly SleeveInput[], synthetic: readonly boolean[]): number {
  const configuredMs = timeframeToMs(loaded.config.data.timeframe);
  const written = writtenTimeframe(loaded.raw);
  let inferred: { stepMs: number; sleeve: string; index: number } | undefined;
  inputs.forEach((input, index) => {
    if (synthetic[index]) return;
    const stepMs = medianStepMs(input.candles.time);
    if (!Number.isFinite(stepMs)) return;
    if (written && stepMs !== configuredMs) {
      throw new InputError(
        `${loaded.path}${loaded.locate?.(['data', 'timeframe']) ?? ''}: data.timeframe says ${loaded.config.data.timeframe}, but sleeve ${input.name}'s bars are ${formatTimeframe(stepMs)} apart (median step of ${input.candles.length} bars): fix data.timeframe, or leave it out to take it from the data`,
        { file: loaded.path, keyPath: 'data.timeframe', value: loaded.config.data.timeframe },
      );
    }
    if (inferred !== undefined && inferred.stepMs !== stepMs) {
      throw new InputError(
        `${loaded.path}: sleeve ${inferred.sleeve}'s bars are ${formatTimeframe(inferred.stepMs)} apart, sleeve ${input.name}'s ${formatTimeframe(stepMs)}: one run trades one timeframe (sleeves[${index}].data)`,
        { file: loaded.path, keyPath: `sleeves[${index}].data`, value: input.name },
      );
    }
    inferred ??= { stepMs, sleeve: input.name, index };
  });
  return inferred?.stepMs ?? configuredMs;
}

function writtenTimeframe(raw: unknown): boolean {
  const data = raw !== null && typeof raw === 'object' ? (raw as { data?: unknown }).data : undefined;
  // Without the raw file (a config built in code) the config's timeframe is taken as written.
  if (raw === undefined) return true;
  return data !== null && typeof data === 'object' && (data as { timeframe?: unknown }).timeframe !== undefined;
}
