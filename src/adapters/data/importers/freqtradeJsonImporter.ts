import { gunzipSync } from 'node:zlib';
import { InputError } from '../../../domain/errors/inputError.ts';
import { OhlcvRowsBuilder, type OhlcvRows } from './ohlcvRows.ts';
import { epochToMs } from './parseTimestamp.ts';

const COLUMN_NAMES = ['date', 'open', 'high', 'low', 'close', 'volume'];

/** Reads freqtrade's `.json` / `.json.gz` candles: `[[epochMs, open, high, low, close, volume], ...]`. */
export function readFreqtradeJson(file: string, bytes: Uint8Array): OhlcvRows {
  let text: string;
  try {
    text = new TextDecoder().decode(file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  } catch (error) {
    throw new InputError(`${file}: not a readable gzip file (${(error as Error).message})`, { file }, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { file }, { cause: error });
  }
  if (!Array.isArray(parsed)) {
    throw new InputError(`${file}: expected an array of [date, open, high, low, close, volume] rows, was ${typeof parsed}`, { file, keyPath: '$', value: typeof parsed });
  }
  const rows = new OhlcvRowsBuilder();
  parsed.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length < 6) {
      throw new InputError(`${file}: [${i}]: expected [date, open, high, low, close, volume], was ${JSON.stringify(row)}`, { file, keyPath: `[${i}]`, value: row });
    }
    const values = COLUMN_NAMES.map((name, k) => {
      const value: unknown = row[k];
      // freqtrade writes a missing volume (mark candles) as null.
      if (value === null && name === 'volume') return 0;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InputError(`${file}: [${i}][${k}] (${name}): expected a number, was ${JSON.stringify(value)}`, { file, keyPath: `[${i}][${k}]`, value });
      }
      return value;
    });
    rows.push(epochToMs(String(values[0])), values[1], values[2], values[3], values[4], values[5]);
  });
  return rows.build();
}
