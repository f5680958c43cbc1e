import { InputError } from '../../domain/errors/inputError.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { MICRO_PAUSE_MS, reviewProfile, type ProfileReview } from '../../ops/profileReview/index.ts';
import type { Logger } from '../../ports/logger.ts';
import type { JsonObject, TradeStore } from '../../ports/tradeStore.ts';
import { resolveProfile } from '../../risk/index.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { incidentOfAccount, readAccountRecords, recordStartMs, tradedAccounts } from './accountMetricsFromStore.ts';
import type { AccountSettings } from './accountsFromEnv.ts';
import { describeProfile, withCapitalProfiles } from './capitalProfilesInForce.ts';
import { recordOperatorCommand } from './operatorCommands.ts';

/** Each account's latest profile assignment in the store: the profile in force above the environment and the config. */
export async function profileAssignmentsInStore(store: TradeStore): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  for (const assignment of await store.listProfileAssignments()) latest.set(assignment.account, assignment.profile);
  return latest;
}

export interface ProfileReviewOutcome {
  readonly account: string;
  /** Where the profile in force came from (store, environment, config, default). */
  readonly source: string;
  readonly sinceMs: number;
  readonly review: ProfileReview;
  /** What `--apply` did (empty without it, or for a KEEP). */
  readonly applied: readonly string[];
}

export interface ReviewProfilesInput {
  readonly store: TradeStore;
  /** The config file as loaded (profiles in force are resolved here, the store's assignments first). */
  readonly loaded: LoadedConfig;
  readonly accounts: ReadonlyMap<string, AccountSettings>;
  readonly nowMs: number;
  readonly actor: string;
  readonly logger: Logger;
  readonly account?: string;
  /** `--apply --reason`: record each PROMOTE and DOWNGRADE as an assignment, and a PAUSE as HALTED. */
  readonly apply?: { readonly reason: string };
}

/**
 * `rampart profiles review`: each account's profile in force judged against its ladder on the record
 * since it entered that profile (its latest assignment; else the account's first snapshot or fill).
 */
export async function reviewProfiles(input: ReviewProfilesInput): Promise<ProfileReviewOutcome[]> {
  const reason = input.apply?.reason.trim();
  if (input.apply !== undefined && reason === '') throw new InputError('--apply needs --reason: say why the profile changes', { keyPath: '--reason', value: input.apply.reason });
  const assignments = await input.store.listProfileAssignments();
  const { loaded, profiles } = withCapitalProfiles(input.loaded, input.accounts, await profileAssignmentsInStore(input.store));
  const { config } = loaded;
  const traded = tradedAccounts(config);
  if (input.account !== undefined && !traded.includes(input.account)) throw new InputError(`--account must be one the config trades (${traded.join(', ')}), was "${input.account}"`, { keyPath: '--account', value: input.account });
  const incidents = await input.store.listIncidents();
  const outcomes: ProfileReviewOutcome[] = [];
  for (const account of input.account !== undefined ? [input.account] : traded) {
    const { record } = await readAccountRecords(input.store, config, account);
    const inForce = profiles.get(account);
    const profile = resolveProfile(config.risk.accounts[account], config.risk.profiles, `risk.accounts.${account}`);
    const assignedAtMs = assignments.filter((assignment) => assignment.account === account).at(-1)?.atMs;
    const sinceMs = assignedAtMs ?? recordStartMs([...record.equitySnapshots, ...record.fills]) ?? input.nowMs;
    const review = reviewProfile({
      profile: inForce !== undefined && describeProfile(inForce) === 'inline' ? 'inline' : profile.name,
      sinceMs,
      nowMs: input.nowMs,
      snapshots: record.equitySnapshots,
      fills: record.fills,
      limits: { dailyPct: profile.dailyDrawdownPct, weeklyPct: profile.weeklyDrawdownPct },
      emergencyStopTriggersAtMs: incidents.filter((incident) => incident.kind === 'EMERGENCY_STOP' && incidentOfAccount(incident, account)).map((incident) => incident.atMs),
      barMs: timeframeToMs(config.data.timeframe),
    });
    const applied = input.apply === undefined || reason === undefined ? [] : await applyReview(input, account, review, reason);
    outcomes.push({ account, source: inForce?.source ?? 'default', sinceMs, review, applied });
  }
  return outcomes;
}

async function applyReview(input: ReviewProfilesInput, account: string, review: ProfileReview, reason: string): Promise<string[]> {
  const { store, nowMs, actor, logger } = input;
  const evidence: JsonObject = {
    decision: review.decision,
    from: review.profile,
    mandatory: review.mandatory,
    reasons: [...review.reasons],
    criteria: review.criteria.map((criterion) => ({ text: criterion.text, met: criterion.met })),
    evidence: Object.fromEntries(Object.entries(review.evidence).map(([name, value]) => [name, Number.isFinite(value) ? value : null])),
  };
  if ((review.decision === 'PROMOTE' || review.decision === 'DOWNGRADE') && review.target !== undefined) {
    await store.recordProfileAssignment({ account, atMs: nowMs, profile: review.target, reason, actor, detail: evidence });
    logger.warn(`alert_profile_${review.decision.toLowerCase()}`, { account, detail: `${review.profile} → ${review.target}: ${review.reasons.join('; ')}` });
    return [`profile ${review.profile} → ${review.target} recorded (in force from the runner's next start)`];
  }
  if (review.decision === 'PAUSE') {
    const untilIso = new Date(nowMs + MICRO_PAUSE_MS).toISOString().slice(0, 10);
    await recordOperatorCommand(store, { kind: 'kill', accounts: [account], reason: `profile review: ${review.reasons.join('; ')}; paused until ${untilIso} (reset by hand after the cooling-off): ${reason}`, actor, nowMs });
    logger.error('alert_profile_pause', { account, detail: `${review.reasons.join('; ')}; paused until ${untilIso}` });
    return [`HALTED until a reset (cooling-off until ${untilIso})`];
  }
  return [];
}

/** `rampart profiles set ACCOUNT PROFILE --reason`: the manual assignment, validated against the config's profiles. */
export async function setProfile(input: { store: TradeStore; loaded: LoadedConfig; account: string; profile: string; reason: string; actor: string; nowMs: number }): Promise<void> {
  const reason = input.reason.trim();
  if (reason === '') throw new InputError('--reason must not be empty: say why the profile changes', { keyPath: '--reason', value: input.reason });
  const traded = tradedAccounts(input.loaded.config);
  if (!traded.includes(input.account)) throw new InputError(`ACCOUNT must be one the config trades (${traded.join(', ')}), was "${input.account}"`, { file: input.loaded.path, keyPath: 'ACCOUNT', value: input.account });
  resolveProfile(input.profile, input.loaded.config.risk.profiles, 'PROFILE');
  await input.store.recordProfileAssignment({ account: input.account, atMs: input.nowMs, profile: input.profile, reason, actor: input.actor, detail: { manual: true } });
}
