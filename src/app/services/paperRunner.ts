import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { replayPaperSession } from './paperEvaluation.ts';
import { writePaperJournal, type WriteCounts } from './paperJournalWriter.ts';
import { ensurePaperSession, loadManualCommands } from './paperSessionRecords.ts';

/** Another runner holds the lock of an account this config trades: the caller exits with code 1. */
export class RunnerLockedError extends Error {
  constructor(
    readonly lockName: string,
    readonly owner: string,
    readonly heartbeatAtMs: number,
  ) {
    super(`another runner holds ${lockName}: owner ${owner}, last heartbeat ${new Date(heartbeatAtMs).toISOString()}; stop it first`);
    this.name = 'RunnerLockedError';
  }
}

export interface PaperRunnerDeps {
  readonly loaded: LoadedConfig;
  readonly store: TradeStore;
  readonly feed: MarketFeed;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Resolves once the clock has reached `timeMs` (a timer live, an instant clock advance in tests). */
  readonly sleepUntil: (timeMs: number) => Promise<void>;
  /** Lock owner, e.g. `hostname:pid`. */
  readonly owner: string;
  /** First bar of a new session (open time); default: the bar that closed last at the first evaluation. */
  readonly startMs?: number;
  /** A lock whose heartbeat is older than this is taken over. */
  readonly lockTtlMs?: number;
  /** Whether a lock holder's process is known to be gone (then its lock is taken over at once). */
  readonly lockHolderGone?: (owner: string) => boolean;
}

/** A runner lock this runner holds, with its fencing token. */
export interface HeldLock {
  readonly name: string;
  readonly token: number;
}

export interface EvaluationSummary extends WriteCounts {
  readonly lastBarTimeMs: number;
  readonly stateTransitions: number;
}

/** Lock names for the accounts a config trades: one runner per account and store. */
export function runnerLockNames(loaded: LoadedConfig): string[] {
  return [...new Set(loaded.config.sleeves.map((sleeve) => sleeve.account))].sort().map((account) => `runner:${account}`);
}

/**
 * Takes every account's runner lock or none (throws RunnerLockedError): free, stale, or held by a
 * process known to be gone; each takeover is recorded as a LOCK_TAKEN_OVER incident.
 */
export async function acquireRunnerLocks(deps: PaperRunnerDeps): Promise<HeldLock[]> {
  const names = runnerLockNames(deps.loaded);
  const ttlMs = deps.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
  const taken: HeldLock[] = [];
  for (const name of names) {
    let result = await deps.store.acquireLock(name, deps.owner, ttlMs, deps.clock.nowMs());
    if (!result.acquired && deps.lockHolderGone?.(result.owner) === true) {
      result = await deps.store.acquireLock(name, deps.owner, ttlMs, deps.clock.nowMs(), { takeOverFrom: { owner: result.owner, token: result.token } });
    }
    if (!result.acquired) {
      for (const held of taken) await deps.store.fenced(held.name, held.token).releaseLock(held.name, deps.owner);
      throw new RunnerLockedError(name, result.owner, result.heartbeatAtMs);
    }
    taken.push({ name, token: result.token });
    const previous = result.previous;
    if (previous !== undefined) {
      const nowMs = deps.clock.nowMs();
      const reason = previous.owner === deps.owner ? 'same owner started again' : previous.heartbeatAtMs + previous.ttlMs < nowMs ? 'heartbeat past its ttl' : 'its process is gone';
      await deps.store.fenced(name, result.token).recordIncident({ atMs: nowMs, kind: 'LOCK_TAKEN_OVER', severity: 'WARNING', detail: { lock: name, previousOwner: previous.owner, previousToken: previous.token, previousHeartbeatAtMs: previous.heartbeatAtMs, owner: deps.owner, token: result.token, reason } });
      deps.logger.warn('lock_taken_over', { owner: previous.owner, reason: `${name} taken from ${previous.owner} (token ${previous.token}, now ${result.token}): ${reason}` });
    }
  }
  return taken;
}

export const DEFAULT_LOCK_TTL_MS = 180_000;

/** One evaluation: replay the session up to the latest closed bar and persist what is new. */
export async function evaluatePaper(deps: PaperRunnerDeps): Promise<EvaluationSummary> {
  const nowMs = deps.clock.nowMs();
  const barMs = timeframeToMs(deps.loaded.config.data.timeframe);
  const defaultStart = Math.floor(nowMs / barMs) * barMs - barMs;
  const session = await ensurePaperSession(deps.store, deps.startMs ?? defaultStart, deps.loaded.config.name, nowMs);
  const commands = await loadManualCommands(deps.store, nowMs);
  // The risk guard's REDUCE / approved SCALE_UP scale new targets from their times on, as the live runner applies them.
  const sizeMultipliers = (await deps.store.listRiskGuardDecisions({ toMs: nowMs })).map(({ account, atMs, sizeMultiplier }) => ({ account, atMs, sizeMultiplier }));
  const outcome = await replayPaperSession({ loaded: deps.loaded, feed: deps.feed, nowMs, startMs: session.startMs, commands, sizeMultipliers });
  const counts = await writePaperJournal(deps.store, outcome.journal, session.startMs, deps.logger);
  let stateTransitions = 0;
  for (const change of outcome.stateChanges) {
    const stored = await deps.store.listTradingStateTransitions(change.account);
    if (stored.some((transition) => transition.atMs === change.timeMs && transition.state === change.to)) continue;
    await deps.store.recordTradingState({ account: change.account, atMs: change.timeMs, state: change.to, reason: change.reason ?? change.trigger, actor: change.trigger });
    stateTransitions++;
    deps.logger.warn('alert_trading_state', { account: change.account, state: change.to, previousState: change.from, reason: change.trigger, at: new Date(change.timeMs).toISOString() });
  }
  return { ...counts, stateTransitions, lastBarTimeMs: outcome.journal.lastBarTimeMs };
}

export interface RunPaperOptions {
  /** Evaluate once and return (cron, checks). */
  readonly once?: boolean;
  /** Stop after this many evaluations (tests); default: until `signal` aborts. */
  readonly maxEvaluations?: number;
  readonly signal?: AbortSignal;
}

/**
 * The paper runner: takes the account locks, evaluates, then waits for each next bar close on the
 * injected clock and evaluates again, refreshing its heartbeat; releases the locks when it stops.
 */
export async function runPaper(unfenced: PaperRunnerDeps, options: RunPaperOptions = {}): Promise<EvaluationSummary[]> {
  const locks = await acquireRunnerLocks(unfenced);
  // Every write of this runner checks its locks' fencing tokens: once another runner holds one, it fails with LockLostError.
  const deps: PaperRunnerDeps = { ...unfenced, store: locks.reduce((store, lock) => store.fenced(lock.name, lock.token), unfenced.store) };
  const barMs = timeframeToMs(deps.loaded.config.data.timeframe);
  const summaries: EvaluationSummary[] = [];
  try {
    deps.logger.info('runner_started', { owner: deps.owner, config: deps.loaded.config.name, mode: 'paper' });
    for (;;) {
      for (const { name } of locks) {
        if (!(await deps.store.heartbeat(name, deps.owner, deps.clock.nowMs()))) {
          throw new RunnerLockedError(name, 'another runner (this one lost the lock)', deps.clock.nowMs());
        }
      }
      const summary = await evaluatePaper(deps);
      summaries.push(summary);
      if (options.once || (options.maxEvaluations !== undefined && summaries.length >= options.maxEvaluations) || options.signal?.aborted) break;
      const nextCloseMs = (Math.floor(deps.clock.nowMs() / barMs) + 1) * barMs;
      deps.logger.info('waiting', { nextEvaluationAt: new Date(nextCloseMs).toISOString() });
      await deps.sleepUntil(nextCloseMs);
      if (options.signal?.aborted) break;
    }
  } finally {
    for (const { name } of locks) await deps.store.releaseLock(name, deps.owner);
  }
  return summaries;
}
