import type { TradeStore } from '../../ports/tradeStore.ts';

/**
 * The size multiplier the risk guard set for `account` (its latest decision's; 1 when it never
 * decided): the runner multiplies every new target by it. A stored value that is not a positive
 * number is refused rather than read as 1 (fail closed: the bar's step fails and nothing is sent).
 */
export async function storedSizeMultiplier(store: TradeStore, account: string): Promise<number> {
  const decisions = await store.listRiskGuardDecisions({ account });
  const latest = decisions[decisions.length - 1];
  if (latest === undefined) return 1;
  if (!(Number.isFinite(latest.sizeMultiplier) && latest.sizeMultiplier > 0)) throw new RangeError(`risk guard size multiplier of account ${account} is ${latest.sizeMultiplier}, not a positive number`);
  return latest.sizeMultiplier;
}
