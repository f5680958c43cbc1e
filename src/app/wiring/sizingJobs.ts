//! Composition for `rampart sizing status` and `sizing advance`: the store and the config handed to
//! the staged-risk service, with the operator's name and the system clock.
import { hostname } from 'node:os';
import { advanceSizing, applySizingReviews, sizingStatus, stagesOf, type SleeveRiskStage } from '../services/riskStageState.ts';
import type { RiskStageRecord } from '../../ports/tradeStore.ts';
import { openStore, type OperatorStoreOptions } from './paperJobs.ts';

export async function sizingStatusJob(options: OperatorStoreOptions & { nowMs?: number }): Promise<SleeveRiskStage[]> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    stagesOf(loaded);
    return await sizingStatus({ store, loaded, nowMs: options.nowMs ?? Date.now() });
  } finally {
    await store.close();
  }
}

export async function sizingAdvanceJob(options: OperatorStoreOptions & { sleeve: string; reason: string; override: boolean; actor?: string; nowMs?: number }): Promise<{ stage: SleeveRiskStage; moved: RiskStageRecord | undefined; refusal: string | undefined }> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    return await advanceSizing({ store, loaded, nowMs: options.nowMs ?? Date.now(), sleeve: options.sleeve, reason: options.reason, override: options.override, actor: options.actor ?? `operator@${hostname()}` });
  } finally {
    await store.close();
  }
}

export async function sizingApplyJob(options: OperatorStoreOptions & { actor?: string; nowMs?: number }): Promise<RiskStageRecord[]> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    return await applySizingReviews({ store, loaded, nowMs: options.nowMs ?? Date.now(), actor: options.actor ?? `operator@${hostname()}` });
  } finally {
    await store.close();
  }
}
