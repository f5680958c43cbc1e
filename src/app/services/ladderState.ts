import { InputError } from '../../domain/errors/inputError.ts';
import type { AccountRecord } from '../../ops/liveMetrics/index.ts';
import type { LadderStage } from '../../ops/scaleRules/index.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { apiFailureTimes, attributedFills, fundingRecord, incidentOfAccount, isFlattenEvent } from './accountMetricsFromStore.ts';
import type { ScaleRules } from '../config/scaleRulesSchema.ts';

/** The rules file's ladder as the pure ladder functions take it. */
export function ladderOf(rules: ScaleRules): LadderStage[] {
  return rules.ladder.map((stage) => ({ ...stage, abort: stage.abort ?? undefined }));
}

/** One stay on the ladder: which stage, from when, and how it was entered. */
export interface StageStay {
  readonly stage: number;
  readonly enteredAtMs: number;
  /** `start` (the record's beginning), `advance`, `override`, `abort`, `reset`. */
  readonly how: string;
}

/** Where an account stands on the ladder, from the store's STAGE_CHANGED records. */
export interface LadderPosition {
  readonly current: LadderStage;
  readonly enteredAtMs: number;
  readonly history: readonly StageStay[];
}

/**
 * The account's stage: the last STAGE_CHANGED record's `toStage`, else the ladder's first stage from
 * the account's first equity snapshot in the paper store (the paper record's beginning), or from now on
 * an empty record.
 */
export async function ladderPosition(store: TradeStore, rules: ScaleRules, account: string, nowMs: number, paperStore: TradeStore = store): Promise<LadderPosition> {
  const first = (await paperStore.listEquitySnapshots(account))[0];
  const history: StageStay[] = [{ stage: rules.ladder[0].stage, enteredAtMs: first?.atMs ?? nowMs, how: 'start' }];
  for (const record of await store.listGoLive({ account, kind: 'STAGE_CHANGED' })) {
    history.push({ stage: Number(record.detail.toStage), enteredAtMs: record.atMs, how: String(record.detail.how ?? 'advance') });
  }
  const last = history[history.length - 1];
  const current = ladderOf(rules).find((stage) => stage.stage === last.stage);
  if (current === undefined) throw new InputError(`${account}: the store puts the account on stage ${last.stage}, which the rules file's ladder does not have (stages ${rules.ladder.map((stage) => stage.stage).join(', ')})`);
  return { current, enteredAtMs: last.enteredAtMs, history };
}

/** The stage an account in `current` is about to trade at: itself when live, else the next live stage. */
export function stageToEnter(rules: ScaleRules, current: LadderStage): LadderStage {
  if (current.mode === 'live') return current;
  return ladderOf(rules).find((stage) => stage.stage > current.stage && stage.mode === 'live') ?? current;
}

/**
 * The account's record as the ladder's figures read it, for a window: equity snapshots and fills up to
 * `untilMs` (fills attributed to the sleeve of their intent), flatten events and API failures, defined as
 * the risk guard and the reports define them (accountMetricsFromStore).
 */
export async function accountRecord(store: TradeStore, loaded: LoadedConfig, account: string, fromMs: number, untilMs: number, extra: Pick<AccountRecord, 'signalConsistencyPct' | 'testnetTrades'> = {}): Promise<AccountRecord> {
  const snapshots = await store.listEquitySnapshots(account, { toMs: untilMs });
  const fills = await attributedFills(store, account, await store.listIntents({ account }), untilMs);
  // The same incidents and definitions as the risk guard's and the reports' record (accountMetricsFromStore).
  const incidents = (await store.listIncidents({ toMs: untilMs })).filter((incident) => incidentOfAccount(incident, account));
  return {
    equitySnapshots: snapshots.map((snapshot) => ({ atMs: snapshot.atMs, equity: Number(snapshot.equity) })),
    fills,
    sleeves: loaded.config.sleeves.filter((sleeve) => sleeve.account === account).map((sleeve) => sleeve.name),
    stageStartedAtMs: fromMs,
    flattenEventsAtMs: incidents.filter(isFlattenEvent).map((incident) => incident.atMs),
    apiFailuresAtMs: apiFailureTimes(incidents),
    assumedSlippageBps: loaded.config.execution.slippageBps,
    assumedFeeBps: loaded.config.execution.feeBps,
    ...(await fundingRecord(store, loaded.config, account, untilMs)),
    ...extra,
  };
}
