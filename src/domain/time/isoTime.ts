/**
 * `new Date(timeMs).toISOString()`, byte for byte, without a Date per call. A report writes one
 * timestamp per trade and per equity sample (hundreds of thousands in a long backtest, one run of a
 * sweep after another), and the Date path cost a quarter of a sweep run; consecutive timestamps
 * mostly share their day, so the day's "YYYY-MM-DDT" is kept and joined to the time of day.
 */
const DAY_MS = 86_400_000;
/** Times the shortcut formats: 1970-01-01 up to 9999-12-31 (outside, the Date path, which also throws on NaN). */
const MAX_SHORTCUT_MS = 253_402_300_800_000;

let cachedDay = Number.NaN;
let cachedDayPrefix = '';
/**
 * "HH:MM:SS.mmmZ" of whole minutes of the day, made once each (at most 1,440): bars start on whole
 * minutes, so a timestamp is then one short join of two strings already made. A string built from many
 * parts is a chain of joins in V8 until flattened, and a report keeps hundreds of thousands of them.
 */
const minuteTimes = new Map<number, string>();

export function isoTime(timeMs: number): string {
  // Date keeps whole milliseconds, truncated toward zero.
  const ms = Math.trunc(timeMs);
  if (!(ms >= 0 && ms < MAX_SHORTCUT_MS)) return new Date(timeMs).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    cachedDay = day;
  }
  const msOfDay = ms - day * DAY_MS;
  if (msOfDay % 60_000 !== 0) return new Date(ms).toISOString();
  let time = minuteTimes.get(msOfDay);
  if (time === undefined) {
    time = new Date(msOfDay).toISOString().slice(11);
    minuteTimes.set(msOfDay, time);
  }
  return cachedDayPrefix + time;
}
