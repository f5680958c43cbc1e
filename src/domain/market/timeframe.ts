const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds in a timeframe such as `1m`, `5m`, `1h`, `8h`, `1d`, `1w`; throws on anything else. */
export function timeframeToMs(timeframe: string): number {
  const match = /^(\d+)([smhdw])$/.exec(timeframe);
  if (!match) throw new RangeError(`timeframe must look like 1m, 1h or 1d, was "${timeframe}"`);
  const count = Number(match[1]);
  if (count <= 0) throw new RangeError(`timeframe must be positive, was "${timeframe}"`);
  return count * UNIT_MS[match[2]];
}

/** Parses a duration such as `90s`, `2h`, `3d` into milliseconds (used by --max-age, --max-gap). */
export function durationToMs(duration: string): number {
  return timeframeToMs(duration);
}
