import type { LiveSection } from '../config/liveSectionSchema.ts';
import { riskPerTradeBySleeve } from './riskStageState.ts';
import { AccountStreams } from '../../engine/live/accountStreams.ts';
import { LiveAccountRunner, type LiveRunnerDeps, type LiveRunnerHooks } from '../../engine/live/liveAccountRunner.ts';
import { storedSizeMultiplier } from '../../engine/live/storedSizeMultiplier.ts';
import { RunnerStore } from '../../engine/live/runnerStore.ts';
import type { LiveSettings } from '../../engine/live/liveTypes.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createRiskGate } from './createRiskGate.ts';
import { GatewayMarketFeed, replayDecisionSource } from './liveDecisions.ts';
import { IncrementalDecisions } from './liveIncrementalDecisions.ts';
import { StreamBarsFeed } from './liveStreamFeed.ts';
import { engineSettingsFrom } from './runBacktest.ts';

export { liveSectionSchema, type LiveSection } from '../config/liveSectionSchema.ts';

/** The validated `live` section of the config. */
export function liveSectionOf(loaded: LoadedConfig): LiveSection {
  return loaded.config.live;
}

export interface CreateLiveRunnerInput {
  readonly loaded: LoadedConfig;
  readonly account: string;
  readonly gateway: ExchangeGateway;
  readonly store: TradeStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly owner: string;
  /** Whether a lock holder's process is known to be gone (then its lock is taken over at once). */
  readonly lockHolderGone?: (owner: string) => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Overrides of the config's `live` section (tests, CLI flags). */
  readonly live?: Partial<LiveSection>;
  readonly lockTtlMs?: number;
  /** Bars source; default: REST polling of klines through the gateway. */
  readonly feed?: MarketFeed;
  readonly hooks?: LiveRunnerHooks;
  /**
   * How decisions are made: `incremental` (default) feeds each new bar to strategies kept in memory;
   * `replay` replays the paper session over the feed's history on every bar (slow; for comparisons).
   */
  readonly decisions?: 'incremental' | 'replay';
  /**
   * `--ws`: bars from the venue's kline stream (a stale feed pauses entries), orders and fills from the
   * user data stream with a REST back-fill each bar. Without it, REST polling.
   */
  readonly ws?: {
    readonly staleAfterMs?: number;
    /** The feed the kline streams fill (default: a new one); passed in, a caller can watch bars arrive. */
    readonly feed?: StreamBarsFeed;
  };
  /** The go-live gate (real mode): see LiveRunnerDeps.entryPermission. */
  readonly entryPermission?: LiveRunnerDeps['entryPermission'];
  /** The capital ladder's cap on sizing: see LiveRunnerDeps.sizingEquity. */
  readonly sizingEquity?: LiveRunnerDeps['sizingEquity'];
}

/** One account's live runner, wired from the config: same strategies, sizing and risk engine as paper. */
export function createLiveRunner(input: CreateLiveRunnerInput): LiveAccountRunner {
  const { config } = input.loaded;
  const live = { ...liveSectionOf(input.loaded), ...input.live };
  const engine = engineSettingsFrom(config);
  const sleeves = config.sleeves.filter((sleeve) => sleeve.account === input.account);
  if (sleeves.length === 0) throw new RangeError(`no sleeve trades account "${input.account}"`);
  const settings: LiveSettings = {
    externalPolicy: live.externalPolicy,
    lookupAttempts: live.lookupAttempts,
    lookupWindowMs: live.lookupWindowMs,
    maxNakedMs: live.maxNakedMs,
    lockTtlMs: input.lockTtlMs ?? 180_000,
    quoteAsset: config.capital.currency,
    sizing: engine.sizing,
    leverage: engine.leverage,
    slippageBps: engine.slippageBps,
    deadManCountdownMs: live.deadManCountdownMs,
  };
  const { engine: risk, gate } = createRiskGate(config);
  const symbols = [...new Set(sleeves.map((sleeve) => sleeve.symbol))];
  // The runner and its streams write through one fenced store (the caller may share it further).
  const store = input.store instanceof RunnerStore ? input.store : new RunnerStore(input.store);
  const streamFeed = input.ws === undefined || input.feed !== undefined ? undefined : (input.ws.feed ?? new StreamBarsFeed(input.gateway));
  const feed = input.feed ?? streamFeed ?? new GatewayMarketFeed(input.gateway);
  const streams =
    input.ws === undefined
      ? undefined
      : new AccountStreams({
          gateway: input.gateway,
          store,
          clock: input.clock,
          logger: input.logger,
          account: input.account,
          symbols,
          timeframe: config.data.timeframe,
          ...(input.ws.staleAfterMs !== undefined ? { staleAfterMs: input.ws.staleAfterMs } : {}),
          onCandle: streamFeed?.onCandle ?? (() => undefined),
        });
  const incremental = input.decisions === 'replay' ? undefined : new IncrementalDecisions(input.loaded, feed, input.account);
  return new LiveAccountRunner({
    account: input.account,
    gateway: input.gateway,
    store,
    clock: input.clock,
    logger: input.logger,
    risk,
    gate,
    decide: incremental?.decide ?? replayDecisionSource(input.loaded, feed, input.account),
    ...(incremental ? { prepareDecisions: incremental.prepare } : {}),
    symbols,
    settings,
    owner: input.owner,
    ...(input.lockHolderGone ? { lockHolderGone: input.lockHolderGone } : {}),
    sleep: input.sleep,
    ...(input.hooks ? { hooks: input.hooks } : {}),
    ...(streams ? { streams } : {}),
    ...(input.entryPermission ? { entryPermission: input.entryPermission } : {}),
    ...(input.sizingEquity ? { sizingEquity: input.sizingEquity } : {}),
    sizeMultiplier: () => storedSizeMultiplier(store, input.account),
    // The stage in force per sleeve (`rampart sizing advance`); without sizing.stages the config's riskPerTradePct.
    ...(config.sizing.stages !== undefined ? { riskPerTrade: () => riskPerTradeBySleeve(store, config, input.account) } : {}),
  });
}
export { LiveStartRefusedError } from '../../engine/live/liveTypes.ts';
