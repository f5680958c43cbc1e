// Timestamps as they appear in candle files, all read as UTC epoch milliseconds.
const DATE_TIME = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
const INTEGER = /^\d+$/;
const DECIMAL = /^\d+\.\d*$/;

/**
 * Epoch number to milliseconds, the unit chosen by magnitude: seconds below 1e11 (until year 5138),
 * milliseconds below 1e14, microseconds below 1e17 (Binance spot klines since 2025), else nanoseconds.
 */
export function epochToMs(text: string): number {
  if (INTEGER.test(text)) {
    if (text.length >= 15) {
      // Beyond 2^53: divide exactly as integers.
      const value = BigInt(text);
      return Number(text.length >= 18 ? value / 1_000_000n : value / 1_000n);
    }
    const value = Number(text);
    if (value < 1e11) return value * 1000;
    return value;
  }
  const value = Number(text);
  if (value < 1e11) return Math.round(value * 1000);
  return value;
}

function fractionToMs(fraction: string | undefined): number {
  return fraction ? Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6) : 0;
}

/**
 * Parses `2017-11-04T23:02:00.000Z`, `2017-04-19 09:00:00`, `2006-01-02`, `20060102`, zone offsets
 * (`+00:00`), or an epoch number (s, ms, us, ns). Times without a zone are UTC. NaN when unreadable.
 */
export function parseTimestamp(raw: string): number {
  const text = raw.trim();
  if (INTEGER.test(text) && text.length !== 8) return epochToMs(text);
  if (DECIMAL.test(text)) return epochToMs(text);
  const compact = COMPACT_DATE.exec(text);
  if (compact) return utc(compact[1], compact[2], compact[3]);
  const match = DATE_TIME.exec(text);
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  let ms = utc(year, month, day, hour, minute, second) + fractionToMs(fraction);
  if (zone && zone.toUpperCase() !== 'Z' && zone.toUpperCase() !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/** Milliseconds since midnight of `09:05:00` (backtrader's separate Time column); NaN when unreadable. */
export function parseTimeOfDay(raw: string): number {
  const match = TIME_OF_DAY.exec(raw.trim());
  if (!match) return Number.NaN;
  const [, hour, minute, second, fraction] = match;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return Number.NaN;
  return ((Number(hour) * 60 + Number(minute)) * 60 + Number(second ?? 0)) * 1000 + fractionToMs(fraction);
}

function utc(year: string, month: string, day: string, hour = '0', minute = '0', second = '0'): number {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const ms = Date.UTC(y, m - 1, d, Number(hour), Number(minute), Number(second));
  // Date.UTC rolls 2021-02-30 over into March: refuse instead of guessing.
  const check = new Date(ms);
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) {
    return Number.NaN;
  }
  return ms;
}
