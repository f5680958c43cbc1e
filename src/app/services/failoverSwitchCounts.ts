import { SWITCH_KINDS, type FailoverEventKind } from '../../engine/failover/index.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { sleeveRoutes } from './exchangesStatus.ts';

/** One series of `exchange_failover_events_total{account,from,to}`. */
export interface FailoverSwitchCount {
  /** The sleeve's primary account. */
  readonly account: string;
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/**
 * Stored failovers and failbacks counted per primary account and direction. Every direction the
 * routing table allows is listed from 0 (an alert on increase() then sees the first switch), and only
 * accounts of the config appear as labels.
 */
export async function failoverSwitchCounts(config: Pick<RampartConfig, 'sleeves' | 'routing'>, store: Pick<TradeStore, 'listFailoverEvents'>): Promise<FailoverSwitchCount[]> {
  const counts = new Map<string, { account: string; from: string; to: string; count: number }>();
  const series = (account: string, from: string, to: string) => {
    const key = `${account}\u0000${from}\u0000${to}`;
    const found = counts.get(key) ?? { account, from, to, count: 0 };
    counts.set(key, found);
    return found;
  };
  const routes = sleeveRoutes(config);
  for (const route of routes) {
    const accounts = [route.primary, ...route.fallbacks];
    for (const from of accounts) for (const to of accounts) if (from !== to) series(route.primary, from, to);
  }
  for (const event of await store.listFailoverEvents()) {
    if (!SWITCH_KINDS.has(event.kind as FailoverEventKind) || event.fromAccount === null || event.toAccount === null) continue;
    // A label only for a direction the config routes: a stale event of an older table folds away.
    const key = `${event.account}\u0000${event.fromAccount}\u0000${event.toAccount}`;
    const found = counts.get(key);
    if (found !== undefined) found.count += 1;
  }
  return [...counts.values()];
}
