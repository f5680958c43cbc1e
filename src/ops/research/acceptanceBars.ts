/** One bar a walk-forward's out-of-sample result must clear. */
export interface AcceptanceCheck {
  readonly name: string;
  readonly value: number;
  /** The value must be strictly above this. */
  readonly above: number;
  readonly pass: boolean;
}

/**
 * The seeds' go-live bars for Normal-profile strategies (Quantum Trader playbook, "Sharpe ratio > 0.8
 * for Normal profile strategies", "Win rate > 48% for production strategies"), on out-of-sample figures.
 */
export const ACCEPTANCE_BARS = { sharpe: 0.8, winRatePct: 48 } as const;

export function acceptanceChecks(outOfSample: { sharpe: number; winRatePct: number }): AcceptanceCheck[] {
  return [
    { name: 'out-of-sample Sharpe', value: outOfSample.sharpe, above: ACCEPTANCE_BARS.sharpe, pass: outOfSample.sharpe > ACCEPTANCE_BARS.sharpe },
    { name: 'out-of-sample win rate %', value: outOfSample.winRatePct, above: ACCEPTANCE_BARS.winRatePct, pass: outOfSample.winRatePct > ACCEPTANCE_BARS.winRatePct },
  ];
}
