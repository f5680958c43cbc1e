/**
 * A strategy failed at a bar: it threw, or wrote a target no strategy may ask for (outside [-1, 1], or NaN
 * over a number). The same bar would fail the same way on every retry, so a live runner halts the account on
 * it (fail closed; exits and protective stops go on) rather than dying and leaving the venue unwatched.
 */
export class StrategyError extends Error {
  override readonly name = 'StrategyError';
  constructor(
    readonly sleeve: string,
    readonly strategy: string,
    readonly barTimeMs: number,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : `sleeve ${sleeve}: strategy ${strategy} failed at the bar of ${new Date(barTimeMs).toISOString()}: ${String(cause)}`, { cause });
  }
}
