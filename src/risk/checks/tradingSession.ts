import type { SessionHours } from '../guardrailPresets.ts';
import type { RiskDenial } from '../riskDecision.ts';

const MS_PER_HOUR = 3_600_000;

/** True when `hourUtc` lies in [start, end), wrapping past midnight when end ≤ start. */
export function inSession(hourUtc: number, hours: SessionHours): boolean {
  return hours.startHourUtc < hours.endHourUtc
    ? hourUtc >= hours.startHourUtc && hourUtc < hours.endHourUtc
    : hourUtc >= hours.startHourUtc || hourUtc < hours.endHourUtc;
}

/** No entry during a blocked session (by the UTC hour of `timeMs`). */
export function checkTradingSession(
  timeMs: number,
  blockedSessions: readonly string[],
  sessions: Readonly<Record<string, SessionHours>>,
): RiskDenial | undefined {
  if (blockedSessions.length === 0) return undefined;
  const hourUtc = Math.floor(timeMs / MS_PER_HOUR) - Math.floor(timeMs / 86_400_000) * 24;
  for (const session of blockedSessions) {
    const hours = sessions[session];
    if (hours !== undefined && inSession(hourUtc, hours)) return { code: 'SESSION_BLOCKED', session, hourUtc };
  }
  return undefined;
}
