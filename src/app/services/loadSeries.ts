import { InputError } from '../../domain/errors/inputError.ts';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { importDataFile } from '../../adapters/data/importers/importDataFile.ts';
import { checkCandles, FindingCode, FindingSeverity, sortAndDedupeCandles, type DataFinding } from '../../ops/dataQuality/index.ts';

/**
 * Hard findings that sorting and de-duplication repair, and a timeframe mismatch, which the backtest
 * judges against what the config wrote (resolveBarInterval); any other hard finding means corrupt data.
 */
const REPAIRABLE: ReadonlySet<string> = new Set([FindingCode.DUPLICATE, FindingCode.OUT_OF_ORDER, FindingCode.TIMEFRAME_MISMATCH]);

/**
 * Loads a sleeve's own data file (`data: {file: ...}` in config) as a clean series: detects the
 * format, imports, checks, then sorts and de-duplicates. Refuses (InputError naming the file, the
 * row and the value) unparseable values and corrupt rows (NaN, OHLC violations, non-positive prices):
 * corrupt data is worse than no data.
 */
export async function loadCandleSeriesFromFile(path: string, symbol: string, timeframe: string): Promise<CandleSeries> {
  const imported = await importDataFile({ path, symbol, timeframe });
  if (imported.kind !== 'candles') {
    throw new InputError(`${path}: holds funding rates, a candle file was expected`, { file: path, keyPath: 'data.file', value: path });
  }
  const findings = checkCandles(imported.series, { timeframeMs: timeframeToMs(timeframe.replace(/-mark$/, '')) });
  const corrupt = findings.filter((finding) => finding.severity === FindingSeverity.HARD && !REPAIRABLE.has(finding.code));
  if (corrupt.length > 0) {
    throw new InputError(`${path}: ${corrupt.length} corrupt row(s): ${corrupt.slice(0, 3).map(describeFinding).join('; ')}`, {
      file: path,
      keyPath: `row ${corrupt[0].index + 1}`,
      value: corrupt[0].detail,
    });
  }
  return sortAndDedupeCandles(imported.series);
}

/** `OHLC_VIOLATION at 2024-01-01T02:00:00.000Z (row 4): open 108, high 107, ...` */
export function describeFinding(finding: DataFinding): string {
  const row = finding.index >= 0 ? ` (row ${finding.index + 1})` : '';
  return `${finding.code} at ${finding.time}${row}: ${finding.detail}`;
}
