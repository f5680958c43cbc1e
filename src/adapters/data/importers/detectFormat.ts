import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../../../domain/errors/inputError.ts';
import { splitCsv } from './csvLines.ts';

/** File formats the importers read. */
export const DataFormat = { CSV: 'csv', BINANCE: 'binance', FEATHER: 'feather', JSON: 'json' } as const;
export type DataFormat = (typeof DataFormat)[keyof typeof DataFormat];

const SNIFF_BYTES = 4096;

/**
 * The format of a candle file, from its name and first line: `.feather` and `.json(.gz)` are
 * freqtrade's; a `.csv`/`.txt` whose rows have 12 columns starting with an epoch time is a Binance
 * kline file; any other delimited text is generic OHLCV CSV.
 */
export async function detectFormat(path: string): Promise<DataFormat> {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.feather') || name.endsWith('.arrow')) return DataFormat.FEATHER;
  if (name.endsWith('.json') || name.endsWith('.json.gz')) return DataFormat.JSON;
  if (!/\.(csv|txt|tsv)$/.test(name)) {
    throw new InputError(`${path}: cannot tell the format from the file name (expected .csv, .txt, .feather, .json or .json.gz); pass --format`, { file: path, keyPath: 'format', value: 'auto' });
  }
  const head = await readHead(path);
  const lines = splitCsv(head);
  const first = lines[0]?.cells ?? [];
  const second = lines[1]?.cells ?? [];
  const binanceRow = (cells: string[]) => cells.length === 12 && /^\d{12,}$/.test(cells[0]);
  if (binanceRow(first) || (first[0]?.toLowerCase() === 'open_time' && binanceRow(second))) return DataFormat.BINANCE;
  return DataFormat.CSV;
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    // Drop a line cut off at the sniff limit.
    const lastBreak = text.lastIndexOf('\n');
    return bytesRead === SNIFF_BYTES && lastBreak > 0 ? text.slice(0, lastBreak) : text;
  } finally {
    await handle.close();
  }
}
