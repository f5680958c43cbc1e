/** An operator's command, recorded in the store and replayed at its time on every evaluation. */
export interface ManualCommand {
  /** When the operator issued it, epoch ms. */
  readonly timeMs: number;
  readonly kind: 'kill' | 'reset' | 'flatten';
  /** Account it applies to. */
  readonly account: string;
  /** For flatten: only this symbol (undefined: every symbol of the account). */
  readonly symbol?: string;
  readonly reason: string;
}
