import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../../../domain/errors/inputError.ts';
import type { CandleSeries } from '../../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../../domain/market/fundingSeries.ts';
import { timeframeToMs } from '../../../domain/market/timeframe.ts';
import { normalizeSymbol } from '../normalizeSymbol.ts';
import { readBinanceKlines } from './binanceKlineImporter.ts';
import { DataFormat, detectFormat } from './detectFormat.ts';
import { parseFreqtradeFileName } from './freqtradeFileName.ts';
import { parseBinanceVisionFileName } from './binanceVisionFileName.ts';
import { readFreqtradeJson } from './freqtradeJsonImporter.ts';
import { readGenericCsv } from './genericCsvImporter.ts';
import type { OhlcvRows } from './ohlcvRows.ts';
import { snapFundingTimes } from './snapFundingTimes.ts';

/** `--format`: `freqtrade` covers its `.feather`, `.json` and `.json.gz` files (its CSV exports are generic CSV). */
export const FormatOption = { AUTO: 'auto', CSV: 'csv', BINANCE: 'binance', FREQTRADE: 'freqtrade' } as const;
export type FormatOption = (typeof FormatOption)[keyof typeof FormatOption];

/** What a file holds: trade-price candles, mark-price candles, or funding rates (in the `open` column). */
export const DataKind = { CANDLES: 'candles', MARK: 'mark', FUNDING: 'funding' } as const;
export type DataKind = (typeof DataKind)[keyof typeof DataKind];

export interface ImportRequest {
  readonly path: string;
  readonly format?: FormatOption;
  /** Defaults to the pair in a freqtrade or Binance Vision file name. */
  readonly symbol?: string;
  /** Defaults to the timeframe in a freqtrade or Binance Vision file name; `1h-mark` implies mark candles. */
  readonly timeframe?: string;
  /** Defaults to what the file name says (`-mark`, `-funding_rate`), else candles. */
  readonly kind?: DataKind;
}

export type ImportedData =
  | { readonly kind: 'candles'; readonly format: DataFormat; readonly series: CandleSeries }
  | { readonly kind: 'funding'; readonly format: DataFormat; readonly series: FundingSeries; readonly intervalMs: number };

const DEFAULT_FUNDING_INTERVAL = '8h';

/**
 * Reads one candle, mark or funding file into a series, rows in file order (sorting and
 * de-duplication come after the data checks have reported). Bad input throws InputError naming the
 * file, the place (line, row, key) and the value found.
 */
export async function importDataFile(request: ImportRequest): Promise<ImportedData> {
  const { path } = request;
  await requireFile(path);
  const fromName = parseFreqtradeFileName(path) ?? parseBinanceVisionFileName(path);
  const symbolText = request.symbol ?? fromName?.pair;
  if (!symbolText) throw new InputError(`${path}: no --symbol given and the file name does not name a pair`, { file: path, keyPath: 'symbol' });
  let symbol: string;
  try {
    symbol = normalizeSymbol(symbolText);
  } catch (error) {
    throw new InputError(`--symbol: ${(error as Error).message}`, { keyPath: 'symbol', value: symbolText }, { cause: error });
  }
  const requestedTimeframe = request.timeframe ?? fromName?.timeframe;
  const kind = request.kind ?? kindFromNames(requestedTimeframe, fromName?.candleType);
  const baseTimeframe = (requestedTimeframe ?? (kind === DataKind.FUNDING ? DEFAULT_FUNDING_INTERVAL : undefined))?.replace(/-mark$/, '');
  if (!baseTimeframe) throw new InputError(`${path}: no --timeframe given and the file name does not name one`, { file: path, keyPath: 'timeframe' });
  let timeframeMs: number;
  try {
    timeframeMs = timeframeToMs(baseTimeframe);
  } catch (error) {
    throw new InputError(`--timeframe: ${(error as Error).message}`, { keyPath: 'timeframe', value: requestedTimeframe }, { cause: error });
  }

  const format = await resolveFormat(path, request.format ?? FormatOption.AUTO);
  const rows = await readRows(path, format, timeframeMs);
  if (kind === DataKind.FUNDING) {
    return { kind: 'funding', format, intervalMs: timeframeMs, series: { symbol, length: rows.length, time: snapFundingTimes(rows.time, timeframeMs), rate: rows.open } };
  }
  const timeframe = kind === DataKind.MARK ? `${baseTimeframe}-mark` : baseTimeframe;
  return { kind: 'candles', format, series: { symbol, timeframe, ...rows } };
}

function kindFromNames(timeframe: string | undefined, candleType: string | undefined): DataKind {
  if (timeframe?.endsWith('-mark') || candleType === 'mark') return DataKind.MARK;
  if (candleType === 'funding_rate') return DataKind.FUNDING;
  return DataKind.CANDLES;
}

async function requireFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`${path}: not a file`, { file: path });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: file not found or unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file: path }, { cause: error });
  }
}

async function resolveFormat(path: string, option: FormatOption): Promise<DataFormat> {
  switch (option) {
    case FormatOption.AUTO:
      return detectFormat(path);
    case FormatOption.CSV:
      return DataFormat.CSV;
    case FormatOption.BINANCE:
      return DataFormat.BINANCE;
    case FormatOption.FREQTRADE: {
      const detected = await detectFormat(path);
      // freqtrade's CSV exports are plain OHLCV CSV.
      return detected === DataFormat.BINANCE ? DataFormat.CSV : detected;
    }
    default:
      throw new InputError(`--format must be one of ${Object.values(FormatOption).join(', ')}, was "${String(option)}"`, { keyPath: 'format', value: option });
  }
}

async function readRows(path: string, format: DataFormat, timeframeMs: number): Promise<OhlcvRows> {
  const bytes = await readFile(path);
  switch (format) {
    case DataFormat.FEATHER:
      // The feather reader brings apache-arrow: loaded for a feather file, not with every command.
      return (await import('./featherImporter.ts')).readFreqtradeFeather(path, bytes);
    case DataFormat.JSON:
      return readFreqtradeJson(path, bytes);
    case DataFormat.BINANCE:
      return readBinanceKlines(path, bytes.toString('utf8'));
    case DataFormat.CSV:
      return readGenericCsv(path, bytes.toString('utf8'), { barIntervalMs: timeframeMs });
  }
}
