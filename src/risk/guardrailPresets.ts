/** Named trading sessions and their UTC hours; `endHourUtc` is exclusive and may be below the start (wraps midnight). */
export interface SessionHours {
  readonly startHourUtc: number;
  readonly endHourUtc: number;
}

export const DEFAULT_SESSIONS: Readonly<Record<string, SessionHours>> = {
  asia: { startHourUtc: 0, endHourUtc: 8 },
  london: { startHourUtc: 7, endHourUtc: 16 },
  new_york: { startHourUtc: 13, endHourUtc: 21 },
};

/** Execution guardrails for new entries (exits are never blocked by them). */
export interface GuardrailSettings {
  /** Most bid-ask spread as a fraction of ATR (0.25 = a quarter of an ATR). */
  readonly maxSpreadAtrFraction: number;
  /** Most age of the market data behind a decision, seconds. */
  readonly maxDataAgeSec: number;
  /** Sessions (keys of `sessions`) in which no entry is made. */
  readonly blockedSessions: readonly string[];
  /** ATR as percent of price above which the volatility clamp acts. */
  readonly maxAtrPct: number;
  /** Above `maxAtrPct`: 'block' denies entries, 'scale' shrinks them by maxAtrPct / atrPct. */
  readonly volatilityMode: 'block' | 'scale';
  /** Least model confidence in [0, 1] for signals that carry one. */
  readonly minConfidence: number;
}

export const GuardrailPreset = { conservative: 'conservative', moderate: 'moderate', aggressive: 'aggressive' } as const;
export type GuardrailPreset = (typeof GuardrailPreset)[keyof typeof GuardrailPreset];

export const GUARDRAIL_PRESETS: Readonly<Record<GuardrailPreset, GuardrailSettings>> = {
  conservative: { maxSpreadAtrFraction: 0.1, maxDataAgeSec: 30, blockedSessions: [], maxAtrPct: 5, volatilityMode: 'block', minConfidence: 0.6 },
  moderate: { maxSpreadAtrFraction: 0.25, maxDataAgeSec: 60, blockedSessions: [], maxAtrPct: 8, volatilityMode: 'scale', minConfidence: 0.5 },
  aggressive: { maxSpreadAtrFraction: 0.5, maxDataAgeSec: 120, blockedSessions: [], maxAtrPct: 15, volatilityMode: 'scale', minConfidence: 0.4 },
};
