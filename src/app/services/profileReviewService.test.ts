import assert from 'node:assert/strict';
import { eachStoreKind } from '../../../test/support/eachStoreKind.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { withCapitalProfiles } from './capitalProfilesInForce.ts';
import { profileAssignmentsInStore, reviewProfiles, setProfile } from './profileReviewService.ts';

const DAY_MS = 86_400_000;
const MONDAY = Date.UTC(2026, 2, 2);
const loaded = loadConfig('config/r1-ensemble.yaml'); // account default, profile normal (weekly limit 7 %)
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function equity(store: TradeStore, closes: readonly number[]): Promise<void> {
  for (const [day, value] of closes.entries()) await store.recordEquitySnapshot({ account: 'default', atMs: MONDAY + day * DAY_MS + 12 * 3_600_000, equity: String(value), walletBalance: String(value), unrealizedPnl: '0' });
}

eachStoreKind('profiles review: a weekly breach downgrades Normal to Low, recorded with its evidence and in force from then on', async (open) => {
  const store = await open();
  // Week 1 flat-ish, then −8 % on the second Tuesday: over Normal's 7 % weekly limit.
  await equity(store, [10_000, 10_010, 10_020, 10_015, 10_030, 10_040, 10_050, 10_050, 9_246, 9_300, 9_320]);
  const nowMs = MONDAY + 11 * DAY_MS;
  const [dry] = await reviewProfiles({ store, loaded, accounts: new Map(), nowMs, actor: 'ops', logger: silent });
  assert.equal(dry.review.profile, 'normal');
  assert.equal(dry.source, 'config');
  assert.equal(dry.review.decision, 'DOWNGRADE');
  assert.equal(dry.review.target, 'low');
  assert.equal(dry.review.mandatory, true);
  assert.deepEqual(dry.applied, []);
  assert.deepEqual(await store.listProfileAssignments(), [], 'without --apply nothing is recorded');

  await assert.rejects(reviewProfiles({ store, loaded, accounts: new Map(), nowMs, actor: 'ops', logger: silent, apply: { reason: ' ' } }), /--apply needs --reason/);
  const [applied] = await reviewProfiles({ store, loaded, accounts: new Map(), nowMs, actor: 'ops', logger: silent, apply: { reason: 'weekly review' } });
  assert.equal(applied.applied.length, 1);
  const [assignment] = await store.listProfileAssignments({ account: 'default' });
  assert.equal(assignment.profile, 'low');
  assert.equal(assignment.reason, 'weekly review');
  assert.equal((assignment.detail as { decision?: string }).decision, 'DOWNGRADE');
  assert.ok(((assignment.detail as { evidence?: { weeklyBreaches?: number } }).evidence?.weeklyBreaches ?? 0) >= 1, 'the evidence is kept');

  const inForce = withCapitalProfiles(loaded, new Map(), await profileAssignmentsInStore(store));
  assert.deepEqual({ profile: inForce.profiles.get('default')?.profile, source: inForce.profiles.get('default')?.source }, { profile: 'low', source: 'store' });
  assert.equal(inForce.loaded.config.risk.accounts.default, 'low', 'every consumer of the config (runners, status, risk) sees Low');
  const [after] = await reviewProfiles({ store, loaded, accounts: new Map(), nowMs: nowMs + 60_000, actor: 'ops', logger: silent });
  assert.equal(after.review.profile, 'low');
  assert.equal(after.source, 'store');
  assert.notEqual(after.review.decision, 'DOWNGRADE', 'the breach before the assignment does not downgrade again');
});

eachStoreKind('profiles set: the manual path, validated against the config', async (open) => {
  const store = await open();
  await assert.rejects(setProfile({ store, loaded, account: 'default', profile: 'reckless', reason: 'x', actor: 'ops', nowMs: MONDAY }), /PROFILE must name a capital profile/);
  await assert.rejects(setProfile({ store, loaded, account: 'nobody', profile: 'low', reason: 'x', actor: 'ops', nowMs: MONDAY }), /ACCOUNT must be one the config trades/);
  await assert.rejects(setProfile({ store, loaded, account: 'default', profile: 'low', reason: '', actor: 'ops', nowMs: MONDAY }), /--reason must not be empty/);
  assert.deepEqual(await store.listProfileAssignments(), []);
  await setProfile({ store, loaded, account: 'default', profile: 'micro', reason: 'first live week', actor: 'ops', nowMs: MONDAY });
  assert.deepEqual([...(await profileAssignmentsInStore(store))], [['default', 'micro']]);
});
