import type { TradingStateTransition } from '../../ports/tradeStore.ts';

/**
 * An account's trading-state transitions in the order they took effect: by time, then by the order written. A
 * transition written late — a paper replay catching up after a crash on a change from an earlier bar — takes its
 * place in time and cannot supersede a later one, such as the operator's kill written while the runner was down
 * (fail closed: the state in force is the latest in time). Each one's `previousState` is the state before it in
 * that order, derived here rather than read from the row, so a late row never leaves its successor's stale.
 */
export function inEffectOrder(written: readonly TradingStateTransition[]): TradingStateTransition[] {
  const ordered = written.map((transition, writtenIndex) => ({ transition, writtenIndex }));
  ordered.sort((a, b) => a.transition.atMs - b.transition.atMs || a.writtenIndex - b.writtenIndex);
  let previousState: TradingStateTransition['previousState'] = null;
  return ordered.map(({ transition }) => {
    const inOrder = { ...transition, previousState };
    previousState = transition.state;
    return inOrder;
  });
}

/** The transition in force: the last in effect order, with the state it replaced. */
export function inForce(written: readonly TradingStateTransition[]): TradingStateTransition | undefined {
  return inEffectOrder(written).at(-1);
}
