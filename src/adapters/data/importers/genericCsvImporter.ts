import { InputError } from '../../../domain/errors/inputError.ts';
import { splitCsv, type CsvLine } from './csvLines.ts';
import { OhlcvRowsBuilder, badTimestamp, parseNumberCell, type OhlcvRows } from './ohlcvRows.ts';
import { parseTimeOfDay, parseTimestamp } from './parseTimestamp.ts';

// Header names seen in the wild (backtesting.py, backtrader, freqtrade, TA-Lib, Binance, pandas exports).
const TIME_NAMES = ['date', 'datetime', 'date_time', 'timestamp', 'time', 'open_time', 'opentime', 'open time', 'gmt time', 'unnamed: 0', 'index', ''];
const EPOCH_NAMES = ['date_epoch_nanosecond', 'date_epoch_ns', 'epoch', 'unix'];
const BAR_NAMES = ['bar'];
const PRICE_NAMES = {
  open: ['open', 'o', 'open_price'],
  high: ['high', 'h', 'high_price'],
  low: ['low', 'l', 'low_price'],
  close: ['close', 'c', 'close_price', 'last'],
} as const;
const VOLUME_NAMES = ['volume', 'vol', 'v', 'base_volume'];

interface Layout {
  readonly timeColumn?: number;
  /** backtrader's minute files split the timestamp into Date and Time columns. */
  readonly timeOfDayColumn?: number;
  /** TA-Lib's reference file numbers its bars instead of dating them. */
  readonly barColumn?: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number;
  readonly names: readonly string[];
}

export interface GenericCsvOptions {
  /** Step between synthetic bar times for files that number bars instead of dating them. */
  readonly barIntervalMs?: number;
}

/**
 * Reads OHLCV rows from a delimited text file with or without a header. With a header, columns are
 * found by name (date or date+time or epoch, open, high, low, close, optional volume); without one,
 * the first six columns are time, open, high, low, close, volume. Rows stay in file order.
 */
export function readGenericCsv(file: string, text: string, options: GenericCsvOptions = {}): OhlcvRows {
  const lines = splitCsv(text);
  if (lines.length === 0) throw new InputError(`${file}: the file holds no rows`, { file });
  const header = hasHeader(lines[0]);
  const layout = header ? layoutFromHeader(file, lines[0], lines[1]) : positionalLayout(file, lines[0]);
  const rows = new OhlcvRowsBuilder();
  const start = header ? 1 : 0;
  for (let i = start; i < lines.length; i++) {
    const { lineNumber, cells } = lines[i];
    const place = (column: number) => `line ${lineNumber}, column "${layout.names[column] ?? column + 1}"`;
    const cell = (column: number) => {
      if (column >= cells.length) {
        throw new InputError(`${file}: line ${lineNumber}: expected at least ${column + 1} columns, was ${cells.length}`, { file, keyPath: `line ${lineNumber}`, value: cells.join(',') });
      }
      return cells[column];
    };
    let time: number;
    if (layout.barColumn !== undefined) {
      const bar = parseNumberCell(cell(layout.barColumn), file, place(layout.barColumn));
      time = bar * (options.barIntervalMs ?? 86_400_000);
    } else {
      const timeText = cell(layout.timeColumn!);
      time = parseTimestamp(timeText);
      if (Number.isNaN(time)) badTimestamp(file, place(layout.timeColumn!), timeText);
      if (layout.timeOfDayColumn !== undefined) {
        const timeOfDayText = cell(layout.timeOfDayColumn);
        const timeOfDay = parseTimeOfDay(timeOfDayText);
        if (Number.isNaN(timeOfDay)) badTimestamp(file, place(layout.timeOfDayColumn), timeOfDayText);
        time += timeOfDay;
      }
    }
    const volumeText = layout.volume === undefined ? '' : (cells[layout.volume] ?? '');
    // Mark-price and index files leave volume empty: there is no traded volume to report.
    const volume = volumeText.trim() === '' ? 0 : parseNumberCell(volumeText, file, place(layout.volume!));
    rows.push(
      time,
      parseNumberCell(cell(layout.open), file, place(layout.open)),
      parseNumberCell(cell(layout.high), file, place(layout.high)),
      parseNumberCell(cell(layout.low), file, place(layout.low)),
      parseNumberCell(cell(layout.close), file, place(layout.close)),
      volume,
    );
  }
  return rows.build();
}

const KNOWN_NAMES = new Set<string>([...TIME_NAMES, ...EPOCH_NAMES, ...BAR_NAMES, ...Object.values(PRICE_NAMES).flat(), ...VOLUME_NAMES].filter((name) => name.length > 1));

function hasHeader(line: CsvLine): boolean {
  const names = line.cells.map((cell) => cell.toLowerCase());
  if (names.some((name) => KNOWN_NAMES.has(name))) return true;
  // No known name, but words where numbers belong: an unknown header.
  return line.cells.slice(1).some((cell) => /[a-z]/i.test(cell) && !/^nan$/i.test(cell) && !/^[+-]?\d/.test(cell));
}

function layoutFromHeader(file: string, header: CsvLine, firstRow: CsvLine | undefined): Layout {
  const names = header.cells.map((cell) => cell.toLowerCase());
  const find = (candidates: readonly string[]) => {
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return index;
    }
    return undefined;
  };
  const require = (key: keyof typeof PRICE_NAMES) => {
    const index = find(PRICE_NAMES[key]);
    if (index === undefined) {
      throw new InputError(`${file}: line ${header.lineNumber}: no "${key}" column in the header, columns were ${header.cells.join(', ')}`, { file, keyPath: `line ${header.lineNumber}`, value: header.cells.join(',') });
    }
    return index;
  };
  const open = require('open');
  const high = require('high');
  const low = require('low');
  const close = require('close');
  const volume = find(VOLUME_NAMES);
  const dateColumn = names.indexOf('date');
  const timeColumn = names.indexOf('time');
  if (dateColumn >= 0 && timeColumn >= 0 && firstRow && !Number.isNaN(parseTimeOfDay(firstRow.cells[timeColumn] ?? ''))) {
    return { timeColumn: dateColumn, timeOfDayColumn: timeColumn, open, high, low, close, volume, names: header.cells };
  }
  const time = find(TIME_NAMES) ?? find(EPOCH_NAMES);
  if (time !== undefined) return { timeColumn: time, open, high, low, close, volume, names: header.cells };
  const bar = find(BAR_NAMES);
  if (bar !== undefined) return { barColumn: bar, open, high, low, close, volume, names: header.cells };
  throw new InputError(`${file}: line ${header.lineNumber}: no date or time column in the header, columns were ${header.cells.join(', ')}`, { file, keyPath: `line ${header.lineNumber}`, value: header.cells.join(',') });
}

function positionalLayout(file: string, first: CsvLine): Layout {
  if (first.cells.length < 5) {
    throw new InputError(`${file}: line ${first.lineNumber}: a file without header needs columns time, open, high, low, close[, volume], was ${first.cells.length} columns`, { file, keyPath: `line ${first.lineNumber}`, value: first.cells.join(',') });
  }
  return { timeColumn: 0, open: 1, high: 2, low: 3, close: 4, volume: first.cells.length > 5 ? 5 : undefined, names: ['time', 'open', 'high', 'low', 'close', 'volume'] };
}
