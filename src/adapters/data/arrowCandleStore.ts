import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Table, Vector } from 'apache-arrow';
import type { CandleStore } from '../../ports/candleStore.ts';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { atomicWriteFile } from './atomicWriteFile.ts';
import { normalizeSymbol } from './normalizeSymbol.ts';

const CANDLE_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const FUNDING_COLUMNS = ['time', 'rate'] as const;
const FUNDING_SUFFIX = 'funding';
const TIMEFRAME_PATTERN = /^\d+[smhdwM](?:-mark)?$/;

/**
 * CandleStore over a directory of Arrow IPC files, one per symbol and timeframe:
 * `BTCUSDT-1h.arrow`, mark-price candles `BTCUSDT-1h-mark.arrow`, funding `BTCUSDT-funding.arrow`.
 * Columns are float64 (time in epoch ms); files are replaced atomically.
 */
export class ArrowCandleStore implements CandleStore {
  constructor(readonly directory: string) {}

  /** Path of the file holding that symbol and timeframe (`funding` for the funding series). */
  pathOf(symbol: string, timeframe: string): string {
    if (timeframe !== FUNDING_SUFFIX && !TIMEFRAME_PATTERN.test(timeframe)) {
      throw new RangeError(`timeframe must look like 1h or 1h-mark, was "${timeframe}"`);
    }
    return join(this.directory, `${normalizeSymbol(symbol)}-${timeframe}.arrow`);
  }

  async loadCandles(symbol: string, timeframe: string): Promise<CandleSeries | undefined> {
    const path = this.pathOf(symbol, timeframe);
    const columns = await readColumns(path, CANDLE_COLUMNS);
    if (!columns) return undefined;
    const { time, open, high, low, close, volume } = columns;
    return { symbol: normalizeSymbol(symbol), timeframe, length: time.length, time, open, high, low, close, volume };
  }

  async saveCandles(series: CandleSeries): Promise<void> {
    const path = this.pathOf(series.symbol, series.timeframe);
    await this.write(path, series, CANDLE_COLUMNS);
  }

  async loadFunding(symbol: string): Promise<FundingSeries | undefined> {
    const columns = await readColumns(this.pathOf(symbol, FUNDING_SUFFIX), FUNDING_COLUMNS);
    if (!columns) return undefined;
    return { symbol: normalizeSymbol(symbol), length: columns.time.length, time: columns.time, rate: columns.rate };
  }

  async saveFunding(series: FundingSeries): Promise<void> {
    await this.write(this.pathOf(series.symbol, FUNDING_SUFFIX), series, FUNDING_COLUMNS);
  }

  async list(): Promise<Array<{ symbol: string; timeframe: string }>> {
    return (await this.storedFiles()).filter((entry) => entry.timeframe !== FUNDING_SUFFIX);
  }

  /** Symbols with a stored funding series. */
  async listFunding(): Promise<string[]> {
    return (await this.storedFiles()).filter((entry) => entry.timeframe === FUNDING_SUFFIX).map((entry) => entry.symbol);
  }

  private async storedFiles(): Promise<Array<{ symbol: string; timeframe: string }>> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: Array<{ symbol: string; timeframe: string }> = [];
    for (const name of names.sort()) {
      const match = /^([A-Z0-9]+)-(.+)\.arrow$/.exec(name);
      if (match && (match[2] === FUNDING_SUFFIX || TIMEFRAME_PATTERN.test(match[2]))) {
        entries.push({ symbol: match[1], timeframe: match[2] });
      }
    }
    return entries;
  }

  private async write<K extends string>(
    path: string,
    series: { length: number } & Readonly<Record<K, Float64Array>>,
    names: readonly K[],
  ): Promise<void> {
    const { Table, makeVector, tableToIPC } = await loadArrow();
    const vectors: Record<string, Vector> = {};
    for (const name of names) {
      const column = series[name];
      if (column.length < series.length) throw new RangeError(`column ${name} has ${column.length} rows, series has ${series.length}`);
      vectors[name] = makeVector(column.subarray(0, series.length));
    }
    await mkdir(this.directory, { recursive: true });
    await atomicWriteFile(path, tableToIPC(new Table(vectors), 'file'));
  }
}

/** Reads the float64 columns `names` of an Arrow IPC file; undefined when the file does not exist. */
async function readColumns<K extends string>(path: string, names: readonly K[]): Promise<Record<K, Float64Array> | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { tableFromIPC } = await loadArrow();
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new InputError(`${path}: not a readable Arrow IPC file (${(error as Error).message})`, { file: path }, { cause: error });
  }
  const columns = {} as Record<K, Float64Array>;
  for (const name of names) {
    const vector = table.getChild(name);
    if (!vector) throw new InputError(`${path}: column "${name}" is missing, columns were ${table.schema.names.join(', ')}`, { file: path, keyPath: name });
    const values = vector.toArray();
    if (!(values instanceof Float64Array)) {
      throw new InputError(`${path}: column "${name}" must be float64, was ${String(vector.type)}`, { file: path, keyPath: name, value: String(vector.type) });
    }
    // Own copy: a single-batch table hands out a view into the file buffer.
    columns[name] = Float64Array.from(values);
  }
  return columns;
}

/**
 * apache-arrow, loaded by the first read or write of a candle file rather than with the module: every
 * command of the CLI links the store, few read candles (status, kill, flatten, --help do not).
 */
function loadArrow(): Promise<typeof import('apache-arrow')> {
  return import('apache-arrow');
}
