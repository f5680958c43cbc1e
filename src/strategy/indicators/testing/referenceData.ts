/**
 * Readers for the reference series and expected values under ../shared, used only by indicator tests
 * (call them from tests guarded by `skipWithoutShared`).
 */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../../../test/support/sharedData.ts';

export interface OhlcColumns {
  readonly length: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

/** A CSV with a header row as named columns of numbers (empty cells become NaN, text columns too). */
export function readNumericCsv(path: string): Map<string, Float64Array> {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0].split(',').map((name) => name.trim());
  const columns = new Map<string, Float64Array>();
  for (const name of header) columns.set(name, new Float64Array(lines.length - 1));
  for (let row = 1; row < lines.length; row++) {
    const cells = lines[row].split(',');
    header.forEach((name, column) => {
      const cell = (cells[column] ?? '').trim();
      columns.get(name)![row - 1] = cell === '' ? NaN : Number(cell);
    });
  }
  return columns;
}

function column(columns: Map<string, Float64Array>, name: string, path: string): Float64Array {
  const values = columns.get(name);
  if (!values) throw new Error(`${path} has no column ${name}`);
  return values;
}

function ohlc(path: string, names: [string, string, string, string]): OhlcColumns {
  const columns = readNumericCsv(path);
  const close = column(columns, names[3], path);
  return {
    length: close.length,
    open: column(columns, names[0], path),
    high: column(columns, names[1], path),
    low: column(columns, names[2], path),
    close,
  };
}

/** TA-Lib's 252-bar regression series. */
export function readTaLibSeries(): OhlcColumns {
  return ohlc(sharedPath('data', 'ta-lib', 'ta_regtest_daily_ref_252.csv'), ['open', 'high', 'low', 'close']);
}

export interface TaLibExpectedRow {
  readonly test: string;
  readonly bar: number;
  readonly expected: number | number[];
}

/** TA-Lib regression rows whose test name starts with `prefix` (e.g. 'EMA(10)'). */
export function readTaLibExpected(prefix: string): TaLibExpectedRow[] {
  const rows = JSON.parse(
    readFileSync(sharedPath('expected', 'ta-lib', 'talib_regtest_expected.json'), 'utf8'),
  ) as TaLibExpectedRow[];
  const selected = rows.filter((row) => row.test.startsWith(prefix));
  if (selected.length === 0) throw new Error(`no TA-Lib expected rows for ${prefix}`);
  return selected;
}

/** backtrader's 255 daily bars (2006-day-001.txt). */
export function readBacktraderSeries(): OhlcColumns {
  return ohlc(sharedPath('data', 'backtrader', 'datas', '2006-day-001.txt'), ['Open', 'High', 'Low', 'Close']);
}

/** Full indicator series backtrader derived over 2006-day-001 (columns such as sma30, atr14). */
export function readBacktraderDerived(): Map<string, Float64Array> {
  return readNumericCsv(sharedPath('expected', 'backtrader', '2006-day-001_indicators_derived.csv'));
}

export interface BacktraderCheck {
  /** One line of `[last, first-valid, middle]` strings per indicator output line. */
  readonly chkvals: string[][];
  readonly chkmin: number;
}

/** backtrader's check values for one indicator test (e.g. 'ema'). */
export function readBacktraderCheck(indicator: string): BacktraderCheck {
  const all = JSON.parse(
    readFileSync(sharedPath('expected', 'backtrader', 'indicator_chkvals.json'), 'utf8'),
  ) as Record<string, BacktraderCheck>;
  const check = all[indicator];
  if (!check) throw new Error(`no backtrader check values for ${indicator}`);
  return check;
}

/** The 0-based bars backtrader checks: [last, first valid, middle] for `length` bars. */
export function backtraderCheckBars(length: number, minimumPeriod: number): [number, number, number] {
  return [length - 1, minimumPeriod - 1, length - 1 + Math.floor((minimumPeriod - length) / 2)];
}

/** backtrader's '%f' formatting. */
export function formatLikeBacktrader(value: number): string {
  return value.toFixed(6);
}
