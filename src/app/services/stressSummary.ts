import { worstSeverity, type StressSeverity } from '../../ops/stress/index.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import type { StressScenariosFile } from '../config/stressScenariosSchema.ts';
import { stressFromStore } from './stressService.ts';

/** What stressing the store's positions needs: the scenario registry and the candles that mark the positions. */
export interface StressSource {
  readonly registry: StressScenariosFile;
  readonly feed: MarketFeed;
}

export interface StressScenarioSeverity {
  readonly scenario: string;
  /** The worst over every account (and, for a per-symbol shock, every symbol). */
  readonly severity: StressSeverity;
  /** The worst PnL of the scenario over the accounts, quote currency. */
  readonly worstPnl: number;
  readonly reasons: readonly string[];
}

/**
 * `rampart stress` over the store, as the dashboard and /metrics show it. `worst` is null when the
 * stress could not run (no registry, no candle to mark a position): unknown, never read as OK.
 */
export interface StressSummary {
  readonly available: boolean;
  /** Why the stress could not run; null when it ran. */
  readonly reason: string | null;
  readonly worst: StressSeverity | null;
  readonly scenarios: readonly StressScenarioSeverity[];
}

const RANK: Readonly<Record<StressSeverity, number>> = { OK: 0, WARNING: 1, CRITICAL: 2 };

/** Every registered scenario on each account's stored positions, folded to one severity per scenario. */
export async function stressSummary(source: StressSource | undefined, store: TradeStore, config: RampartConfig, nowMs: number): Promise<StressSummary> {
  if (source === undefined) return { available: false, reason: 'no stress-scenario registry for this server (config/stress-scenarios.yaml not found)', worst: null, scenarios: [] };
  try {
    const accounts = await stressFromStore({ store, feed: source.feed, config, registry: source.registry, nowMs });
    const byScenario = new Map<string, { severity: StressSeverity; worstPnl: number; reasons: string[] }>();
    for (const result of accounts.flatMap((account) => account.results)) {
      const seen = byScenario.get(result.scenario) ?? { severity: 'OK' as StressSeverity, worstPnl: 0, reasons: [] };
      if (RANK[result.severity] > RANK[seen.severity]) seen.severity = result.severity;
      seen.worstPnl = Math.min(seen.worstPnl, result.pnl);
      for (const reason of result.reasons) if (!seen.reasons.includes(reason)) seen.reasons.push(reason);
      byScenario.set(result.scenario, seen);
    }
    // A scenario with no result (a per-symbol shock on a flat account) is OK: nothing to move.
    const scenarios = source.registry.scenarios.map((scenario) => ({ scenario: scenario.name, ...(byScenario.get(scenario.name) ?? { severity: 'OK' as StressSeverity, worstPnl: 0, reasons: [] }) }));
    return { available: true, reason: null, worst: worstSeverity(scenarios), scenarios };
  } catch (error) {
    return { available: false, reason: (error as Error).message, worst: null, scenarios: [] };
  }
}
