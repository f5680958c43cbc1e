import { InputError } from '../../../domain/errors/inputError.ts';

/** OHLCV rows as read from a file, in file order (the data checks report disorder, not the reader). */
export interface OhlcvRows {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
}

/** Collects rows one by one into growable columns. */
export class OhlcvRowsBuilder {
  private readonly columns: number[][] = [[], [], [], [], [], []];

  push(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    const [t, o, h, l, c, v] = this.columns;
    t.push(time);
    o.push(open);
    h.push(high);
    l.push(low);
    c.push(close);
    v.push(volume);
  }

  build(): OhlcvRows {
    const [time, open, high, low, close, volume] = this.columns.map((column) => Float64Array.from(column));
    return { time, open, high, low, close, volume, length: time.length };
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A numeric cell: decimal or exponent notation, or `NaN` (kept so the data check can report it with
 * its timestamp). Anything else is bad input naming the file, the place and the text found.
 */
export function parseNumberCell(text: string, file: string, place: string): number {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (/^nan$/i.test(trimmed)) return Number.NaN;
  throw new InputError(`${file}: ${place}: expected a number, was "${text}"`, { file, keyPath: place, value: text });
}

/** Throws the InputError for a timestamp that could not be read. */
export function badTimestamp(file: string, place: string, text: string): never {
  throw new InputError(`${file}: ${place}: expected a date or epoch timestamp, was "${text}"`, { file, keyPath: place, value: text });
}
