import { InputError } from '../../domain/errors/inputError.ts';
import type { SleeveInput } from '../../engine/engineSettings.ts';
import type { BacktestReport } from '../../engine/report/backtestReport.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';

/**
 * Data a run can trust: market data and synthetic data do not mix unless every synthetic sleeve is
 * allowed by name (`sleeves[i].data.allowSynthetic`), since the synthetic sleeves' figures would pass
 * for market results; sleeves whose data covers less of the run's span than the others (by more than
 * `data.maxCoverageDifference`) are named in a warning. Returns the warnings.
 */
export function checkSleeveData(loaded: LoadedConfig, inputs: readonly SleeveInput[], dataSources: BacktestReport['meta']['dataSources']): string[] {
  const { config } = loaded;
  const real = dataSources.filter((source) => !source.synthetic);
  const unallowed = dataSources
    .map((source, index) => ({ source, index }))
    .filter(({ source, index }) => source.synthetic && config.sleeves[index].data?.allowSynthetic !== true);
  if (real.length > 0 && unallowed.length > 0) {
    const first = unallowed[0];
    throw new InputError(
      `${loaded.path}: sleeve${unallowed.length > 1 ? 's' : ''} ${unallowed.map(({ source }) => source.sleeve).join(', ')} would run on SYNTHETIC data beside ${real.map((source) => source.sleeve).join(', ')} on market data, and the run's figures would mix them: ` +
        `give ${unallowed.length > 1 ? 'them' : 'it'} market data (\`rampart data import\`, or sleeves[i].data.file), or allow it by name with ${unallowed.map(({ index }) => `sleeves[${index}].data.allowSynthetic: true`).join(', ')}`,
      { file: loaded.path, keyPath: `sleeves[${first.index}].data`, value: first.source.sleeve },
    );
  }
  if (inputs.length < 2) return [];
  const spans = inputs.map((input) => ({ name: input.name, first: input.candles.time[0], last: input.candles.time[input.candles.length - 1] }));
  const start = Math.min(...spans.map((span) => span.first));
  const end = Math.max(...spans.map((span) => span.last));
  const total = end - start;
  if (!(total > 0)) return [];
  const tolerance = config.data.maxCoverageDifference;
  return spans
    .filter((span) => (span.last - span.first) / total < 1 - tolerance)
    .map(
      (span) =>
        `${loaded.path}: sleeve ${span.name}'s data covers ${isoDay(span.first)} … ${isoDay(span.last)}, ${Math.round(((span.last - span.first) / total) * 100)} % of the run's ${isoDay(start)} … ${isoDay(end)} (data.maxCoverageDifference ${tolerance}): the sleeves' figures cover different markets`,
    );
}

function isoDay(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}
