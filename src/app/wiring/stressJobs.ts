//! Composition for `rampart stress`: the registry file, the account's state (the trade store, or a
//! backtest's final state over the candle store) and the candle store for marks and ATR.
import { resolve } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { DEFAULT_STRESS_SCENARIOS_FILE, loadStressScenarios } from '../config/loadStressScenarios.ts';
import { accountsFromEnv } from '../services/accountsFromEnv.ts';
import { withCapitalProfiles } from '../services/capitalProfilesInForce.ts';
import { profileAssignmentsInStore } from '../services/profileReviewService.ts';
import { runBacktest } from '../services/runBacktest.ts';
import { accountStatesFromBacktest, stressAccount, stressFromStore, stressPositions, type AccountStress } from '../services/stressService.ts';
import { CandleStoreMarketFeed } from './candleStoreMarketFeed.ts';
import { openStore, type OperatorStoreOptions } from './paperJobs.ts';
import { StoreSleeveDataSource } from './storeSleeveDataSource.ts';

export interface StressJobOptions extends OperatorStoreOptions {
  readonly scenariosPath?: string;
  readonly account?: string;
  /** Stress a backtest's final state instead of the store's positions. */
  readonly backtest?: { readonly from?: string; readonly to?: string };
  readonly nowMs?: number;
}

/** `rampart stress`: every registered scenario on each account's current positions. */
export async function stressJob(options: StressJobOptions): Promise<{ accounts: AccountStress[]; scenariosFile: string }> {
  const { registry, path: scenariosFile } = loadStressScenarios(options.scenariosPath ?? DEFAULT_STRESS_SCENARIOS_FILE);
  const nowMs = options.nowMs ?? Date.now();
  if (options.backtest !== undefined) {
    const loaded = loadConfig(options.configPath);
    const dataSource = new StoreSleeveDataSource(process.cwd());
    const { result } = await runBacktest({ loaded, dataSource, ...options.backtest });
    // Marks and ATR from the very bars the backtest ran on (its data source, synthetic fallback included).
    const candles = new Map<string, CandleSeries>();
    for (const [index, sleeve] of loaded.config.sleeves.entries()) candles.set(ReplayMarketFeed.key(sleeve.symbol, loaded.config.data.timeframe), (await dataSource.load(sleeve, index, loaded.config, loaded.baseDir)).candles);
    const feed = new ReplayMarketFeed(candles);
    const lastFillMs = result.fills.reduce((latest, fill) => Math.max(latest, fill.timeMs), 0);
    const accounts: AccountStress[] = [];
    for (const state of accountStatesFromBacktest(result, loaded.config)) {
      if (options.account !== undefined && state.account !== options.account) continue;
      // The end-of-data close fills at the last bar's close: marks and ATR are read as of then.
      accounts.push(stressAccount(registry, loaded.config, state, await stressPositions(feed, loaded.config, state, lastFillMs + timeframeToMs(loaded.config.data.timeframe), registry.atrPeriod)));
    }
    return { accounts, scenariosFile };
  }
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    const { accounts } = accountsFromEnv(options.env ?? process.env, 'paper');
    const { config } = withCapitalProfiles(loaded, accounts, await profileAssignmentsInStore(store)).loaded;
    const feed = new CandleStoreMarketFeed(new ArrowCandleStore(resolve(config.data.store)));
    return { accounts: await stressFromStore({ store, feed, config, registry, nowMs, ...(options.account !== undefined ? { account: options.account } : {}) }), scenariosFile };
  } finally {
    await store.close();
  }
}
