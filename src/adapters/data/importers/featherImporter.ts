import { CompressionType, Type, compressionRegistry, tableFromIPC, type Table } from 'apache-arrow';
import { InputError } from '../../../domain/errors/inputError.ts';
import { decodeLz4Frame } from '../lz4.ts';
import { OhlcvRowsBuilder, type OhlcvRows } from './ohlcvRows.ts';
import { epochToMs } from './parseTimestamp.ts';

// freqtrade writes feather with pyarrow's default LZ4 frame compression; apache-arrow JS only has the hook.
if (!compressionRegistry.get(CompressionType.LZ4_FRAME)) {
  compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: decodeLz4Frame });
}

const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/**
 * Reads freqtrade's `.feather` candles (Arrow IPC, LZ4-compressed; `date` a nanosecond UTC timestamp;
 * `open, high, low, close, volume` float64). A null volume (mark-price files) reads as 0.
 */
export function readFreqtradeFeather(file: string, bytes: Uint8Array): OhlcvRows {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new InputError(`${file}: not a readable feather/Arrow file (${(error as Error).message})`, { file }, { cause: error });
  }
  const column = (name: string) => {
    const vector = table.getChild(name);
    if (!vector) throw new InputError(`${file}: column "${name}" is missing, columns were ${table.schema.names.join(', ')}`, { file, keyPath: name });
    return vector;
  };
  const date = column('date');
  const prices = PRICE_COLUMNS.map(column);
  const volume = table.getChild('volume');
  const timestampType = date.type.typeId === Type.Timestamp;
  const rows = new OhlcvRowsBuilder();
  for (let i = 0; i < table.numRows; i++) {
    const raw: unknown = date.get(i);
    // apache-arrow hands out Timestamp columns as epoch ms whatever the stored unit.
    const time = timestampType && typeof raw === 'number' ? raw : typeof raw === 'bigint' || typeof raw === 'number' ? epochToMs(String(raw)) : Number.NaN;
    if (!Number.isFinite(time)) {
      throw new InputError(`${file}: row ${i + 1}, column "date": expected a timestamp, was ${String(raw)}`, { file, keyPath: `row ${i + 1}.date`, value: raw });
    }
    const values = prices.map((vector, k) => {
      const value: unknown = vector.get(i);
      if (typeof value !== 'number') {
        throw new InputError(`${file}: row ${i + 1}, column "${PRICE_COLUMNS[k]}": expected a number, was ${String(value)}`, { file, keyPath: `row ${i + 1}.${PRICE_COLUMNS[k]}`, value });
      }
      return value;
    });
    const volumeValue: unknown = volume?.get(i);
    rows.push(time, values[0], values[1], values[2], values[3], typeof volumeValue === 'number' ? volumeValue : 0);
  }
  return rows.build();
}
