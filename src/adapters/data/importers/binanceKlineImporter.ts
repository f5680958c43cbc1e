import { InputError } from '../../../domain/errors/inputError.ts';
import { splitCsv } from './csvLines.ts';
import { OhlcvRowsBuilder, badTimestamp, parseNumberCell, type OhlcvRows } from './ohlcvRows.ts';
import { epochToMs } from './parseTimestamp.ts';

/** The 12 columns of a data.binance.vision kline file; newer futures files repeat them as a header. */
export const BINANCE_KLINE_COLUMNS = [
  'open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time',
  'quote_volume', 'count', 'taker_buy_volume', 'taker_buy_quote_volume', 'ignore',
] as const;

/** Reads a Binance kline CSV (open time in ms, or in us as spot files use since 2025), rows in file order. */
export function readBinanceKlines(file: string, text: string): OhlcvRows {
  const lines = splitCsv(text);
  const rows = new OhlcvRowsBuilder();
  const start = lines.length > 0 && lines[0].cells[0].toLowerCase() === 'open_time' ? 1 : 0;
  for (let i = start; i < lines.length; i++) {
    const { lineNumber, cells } = lines[i];
    if (cells.length !== BINANCE_KLINE_COLUMNS.length) {
      throw new InputError(`${file}: line ${lineNumber}: a Binance kline row has 12 columns, was ${cells.length}`, { file, keyPath: `line ${lineNumber}`, value: cells.join(',') });
    }
    const place = (column: number) => `line ${lineNumber}, column "${BINANCE_KLINE_COLUMNS[column]}"`;
    if (!/^\d+$/.test(cells[0])) badTimestamp(file, place(0), cells[0]);
    rows.push(
      epochToMs(cells[0]),
      parseNumberCell(cells[1], file, place(1)),
      parseNumberCell(cells[2], file, place(2)),
      parseNumberCell(cells[3], file, place(3)),
      parseNumberCell(cells[4], file, place(4)),
      parseNumberCell(cells[5], file, place(5)),
    );
  }
  const result = rows.build();
  if (result.length === 0) throw new InputError(`${file}: the file holds no kline rows`, { file });
  return result;
}
