/** Time source injected into everything that needs "now": the backtest's is driven by bars, live's by the OS. */
export interface Clock {
  /** Current time in epoch milliseconds (UTC). */
  nowMs(): number;
}
