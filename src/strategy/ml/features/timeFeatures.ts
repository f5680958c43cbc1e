import type { Bar } from '../../strategy.ts';
import type { FeatureComputer } from './featureComputer.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function utcHour(timeMs: number): number {
  return Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

/** `hour_sin` / `hour_cos`: the UTC hour of the bar's open time on the unit circle. */
export class HourCycleFeature implements FeatureComputer {
  constructor(private readonly cosine: boolean) {}
  update(bar: Readonly<Bar>): number {
    const angle = (2 * Math.PI * utcHour(bar.time)) / 24;
    return this.cosine ? Math.cos(angle) : Math.sin(angle);
  }
}

/** Trading sessions by UTC hour of the bar's open: [fromHour, toHour). */
export const SESSIONS = { asia: [0, 8], london: [7, 16], ny: [12, 21] } as const satisfies Record<string, readonly [number, number]>;
export type SessionName = keyof typeof SESSIONS;

/** `session_asia|london|ny`: 1 when the bar opens inside the session, else 0. */
export class SessionFeature implements FeatureComputer {
  private readonly fromHour: number;
  private readonly toHour: number;
  constructor(session: SessionName) {
    [this.fromHour, this.toHour] = SESSIONS[session];
  }
  update(bar: Readonly<Bar>): number {
    const hour = utcHour(bar.time);
    return hour >= this.fromHour && hour < this.toHour ? 1 : 0;
  }
}
