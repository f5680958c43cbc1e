/** Who holds a runner lock now, as the refused writer found it (null: not known, or nobody since a release). */
export interface LockHolderSeen {
  readonly owner: string;
  readonly token: number;
}

/**
 * A runner's lock is no longer its own: another runner took it over (or it was released), so a write
 * made under the old fencing token was refused and nothing of it was stored. The runner stops: no
 * further store write and no further venue request.
 */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
  constructor(
    readonly lockName: string,
    /** The fencing token the refused writer held. */
    readonly token: number,
    readonly holder: LockHolderSeen | null,
    options?: { cause?: unknown },
  ) {
    super(
      `lock ${lockName} is no longer held with token ${token}: ${holder === null ? 'it was released or taken over' : `${holder.owner} holds it with token ${holder.token}`}; this runner stops`,
      options,
    );
  }
}
