//! Composition for `rampart profiles review` and `profiles set`: the store, the config, the
//! environment's accounts, the pino logger and the system clock, handed to the profile-review service.
import { hostname } from 'node:os';
import { createPinoLogger } from '../../adapters/logging/pinoLogger.ts';
import type { Logger } from '../../ports/logger.ts';
import { accountsFromEnv } from '../services/accountsFromEnv.ts';
import { reviewProfiles, setProfile, type ProfileReviewOutcome } from '../services/profileReviewService.ts';
import { openStore, type OperatorStoreOptions } from './paperJobs.ts';

export async function profilesReviewJob(options: OperatorStoreOptions & { account?: string; apply?: { reason: string }; logger?: Logger; nowMs?: number }): Promise<ProfileReviewOutcome[]> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    const { accounts } = accountsFromEnv(options.env ?? process.env, 'paper');
    return await reviewProfiles({ store, loaded, accounts, nowMs: options.nowMs ?? Date.now(), actor: `operator@${hostname()}`, logger: options.logger ?? createPinoLogger(), ...(options.account !== undefined ? { account: options.account } : {}), ...(options.apply !== undefined ? { apply: options.apply } : {}) });
  } finally {
    await store.close();
  }
}

export async function profilesSetJob(options: OperatorStoreOptions & { account: string; profile: string; reason: string; nowMs?: number }): Promise<void> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    await setProfile({ store, loaded, account: options.account, profile: options.profile, reason: options.reason, actor: `operator@${hostname()}`, nowMs: options.nowMs ?? Date.now() });
  } finally {
    await store.close();
  }
}
