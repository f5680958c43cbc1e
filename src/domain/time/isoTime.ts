/**
 * `new Date(timeMs).toISOString()`, byte for byte, without a Date per call. A report writes one
 * timestamp per trade and per equity sample (hundreds of thousands in a long backtest, one run of a
 * sweep after another), and the Date path cost a quarter of a sweep run; consecutive timestamps
 * mostly share their day, so the day's "YYYY-MM-DDT" is kept and only the time of day is formatted.
 */
const DAY_MS = 86_400_000;
/** Times the shortcut formats: 1970-01-01 up to 9999-12-31 (outside, the Date path, which also throws on NaN). */
const MAX_SHORTCUT_MS = 253_402_300_800_000;

let cachedDay = Number.NaN;
let cachedDayPrefix = '';

export function isoTime(timeMs: number): string {
  // Date keeps whole milliseconds, truncated toward zero.
  const ms = Math.trunc(timeMs);
  if (!(ms >= 0 && ms < MAX_SHORTCUT_MS)) return new Date(timeMs).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const milliseconds = rest % 1000;
  rest = (rest - milliseconds) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedDayPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${milliseconds < 10 ? '00' : milliseconds < 100 ? '0' : ''}${milliseconds}Z`;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}
