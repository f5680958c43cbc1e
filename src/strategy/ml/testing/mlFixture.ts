import { readFileSync } from 'node:fs';
import { sharedPath } from '../../../../test/support/sharedData.ts';

/** The ML reference fixture in ../shared/expected/ml (only from tests guarded by skipWithoutShared). */
export function mlFixturePath(name: string): string {
  return sharedPath('expected', 'ml', name);
}

export interface CsvColumns {
  readonly header: string[];
  readonly times: string[];
  /** Column name → values (empty cells NaN). */
  readonly columns: Map<string, Float64Array>;
  readonly rows: number;
}

/** A CSV whose first column is `time` and the rest numbers (empty = NaN). */
export function readNumericCsv(file: string): CsvColumns {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const rows = lines.length - 1;
  const columns = new Map<string, Float64Array>(header.slice(1).map((name) => [name, new Float64Array(rows)]));
  const times: string[] = [];
  const arrays = header.slice(1).map((name) => columns.get(name) as Float64Array);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(',');
    times.push(cells[0]);
    for (let c = 0; c < arrays.length; c++) arrays[c][r] = cells[c + 1] === '' ? Number.NaN : Number(cells[c + 1]);
  }
  return { header, times, columns, rows };
}

/** Row-major matrix of the named columns. */
export function rowMajor(csv: CsvColumns, names: readonly string[]): Float64Array {
  const matrix = new Float64Array(csv.rows * names.length);
  names.forEach((name, c) => {
    const column = csv.columns.get(name);
    if (!column) throw new Error(`no column ${name}`);
    for (let r = 0; r < csv.rows; r++) matrix[r * names.length + c] = column[r];
  });
  return matrix;
}

/** The EURUSD 1h bars the fixture was built from (../shared/data/backtesting.py/EURUSD.csv), UTC. */
export function readEurusdBars(): { time: Float64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array } {
  const lines = readFileSync(sharedPath('data', 'backtesting.py', 'EURUSD.csv'), 'utf8').trim().split('\n').slice(1);
  const n = lines.length;
  const bars = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  lines.forEach((line, i) => {
    const [time, open, high, low, close, volume] = line.split(',');
    bars.time[i] = Date.parse(`${time.replace(' ', 'T')}Z`);
    bars.open[i] = Number(open);
    bars.high[i] = Number(high);
    bars.low[i] = Number(low);
    bars.close[i] = Number(close);
    bars.volume[i] = Number(volume);
  });
  return bars;
}
