import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from './atomicWriteFile.ts';
import { normalizeSymbol } from './normalizeSymbol.ts';

/** A file stored with `data import --force` despite hard findings. */
export interface ForcedImport {
  readonly file: string;
  /** ISO-8601 UTC time of the import. */
  readonly importedAt: string;
  /** Hard findings by code, e.g. {OHLC_VIOLATION: 2}. */
  readonly hardFindings: Readonly<Record<string, number>>;
}

const FILE_NAME = 'forced-imports.json';

/**
 * The store's record of forced imports (`forced-imports.json` beside the Arrow files), per series, so
 * a backtest on such data says so. Entries accumulate: a later clean import does not clear a series'
 * record, since its bad rows may still be in the merged series.
 */
export class ForcedImportLog {
  constructor(readonly directory: string) {}

  async record(symbol: string, timeframe: string, entry: ForcedImport): Promise<void> {
    const all = await this.readAll();
    const key = keyOf(symbol, timeframe);
    all[key] = [...(all[key] ?? []), entry];
    await mkdir(this.directory, { recursive: true });
    await atomicWriteFile(join(this.directory, FILE_NAME), new TextEncoder().encode(`${JSON.stringify(all, null, 2)}\n`));
  }

  /** The forced imports into one series, oldest first (empty when there were none). */
  async of(symbol: string, timeframe: string): Promise<ForcedImport[]> {
    return (await this.readAll())[keyOf(symbol, timeframe)] ?? [];
  }

  private async readAll(): Promise<Record<string, ForcedImport[]>> {
    try {
      return JSON.parse(await readFile(join(this.directory, FILE_NAME), 'utf8')) as Record<string, ForcedImport[]>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }
}

function keyOf(symbol: string, timeframe: string): string {
  return `${normalizeSymbol(symbol)}-${timeframe}`;
}
