import type { LaunchCheck } from './launchChecks.ts';

/** How a check reads on the preflight sheet: a failed soft check is a warning. */
export type PreflightStatus = 'PASS' | 'WARN' | 'FAIL';

export function statusOf(check: LaunchCheck): PreflightStatus {
  return check.ok ? 'PASS' : check.severity === 'hard' ? 'FAIL' : 'WARN';
}

/** What preflight observed beyond `check`'s venue observations (those are judged by evaluateLaunchChecks). */
export interface PreflightObservations {
  readonly account: string;
  readonly nowMs: number;
  /** The quote balance at the venue; undefined when it could not be read. */
  readonly balance: number | undefined;
  /** Capital the account's stage (or the one it is about to enter) sizes from. */
  readonly stageCapital: number;
  readonly stageName: string;
  readonly configHash: { readonly pinned: string; readonly actual: string; readonly file: string };
  /** Per sleeve: its last closed bar and the longest gap within the lookback; undefined when there is no data. */
  readonly data: ReadonlyArray<{ readonly sleeve: string; readonly symbol: string; readonly lastBarCloseMs: number | undefined; readonly largestGapMs: number | undefined }>;
  readonly maxDataAgeMs: number;
  readonly maxGapMs: number;
  /** The store's trading state (undefined: never set, i.e. ACTIVE). */
  readonly tradingState: 'ACTIVE' | 'REDUCING' | 'HALTED' | undefined;
  /** CRITICAL incidents recorded since the account was last (re)activated. */
  readonly openCriticalIncidents: number;
  /** Store against venue: undefined when not compared (venue unreachable). */
  readonly reconciliation: { readonly ok: boolean; readonly detail: string } | undefined;
  /** Filled orders of the account on the venue's testnet, and the rules' minimum, for a first real activation. */
  readonly testnetTrades: { readonly count: number; readonly required: number } | undefined;
}

const hours = (ms: number): string => `${(ms / 3_600_000).toFixed(2)} h`;

/** The go-live checks that read the store, the data and the pinned config, as verdicts with value and bound. */
export function evaluatePreflightChecks(observed: PreflightObservations): LaunchCheck[] {
  const checks: LaunchCheck[] = [];
  checks.push({
    name: 'balance covers the stage capital',
    severity: 'hard',
    scope: 'account',
    ok: observed.balance !== undefined && observed.balance >= observed.stageCapital,
    detail: observed.balance === undefined ? 'balance not read' : `${observed.balance} USDT (stage ${observed.stageName} needs ${observed.stageCapital})`,
  });
  const { pinned, actual, file } = observed.configHash;
  checks.push({
    name: 'config hash pinned',
    severity: 'hard',
    scope: 'account',
    ok: pinned === actual,
    detail: pinned === actual ? `${actual}` : `${file} is ${actual}, the rules pin ${pinned}: restore it (git checkout -- ${file}) or pin the new hash deliberately`,
  });
  for (const sleeve of observed.data) {
    const age = sleeve.lastBarCloseMs === undefined ? undefined : observed.nowMs - sleeve.lastBarCloseMs;
    checks.push({
      name: `${sleeve.sleeve} data fresh`,
      severity: 'hard',
    scope: 'account',
      ok: age !== undefined && age >= 0 && age < observed.maxDataAgeMs,
      detail: age === undefined ? `no ${sleeve.symbol} bars` : `last ${sleeve.symbol} bar closed ${hours(age)} ago (bound ${hours(observed.maxDataAgeMs)})`,
    });
    checks.push({
      name: `${sleeve.sleeve} data without gaps`,
      severity: 'hard',
    scope: 'account',
      ok: sleeve.largestGapMs !== undefined && sleeve.largestGapMs <= observed.maxGapMs,
      detail: sleeve.largestGapMs === undefined ? `no ${sleeve.symbol} bars` : `largest ${sleeve.symbol} gap ${hours(sleeve.largestGapMs)} (bound ${hours(observed.maxGapMs)})`,
    });
  }
  const state = observed.tradingState ?? 'ACTIVE';
  checks.push({ name: 'trading state ACTIVE', severity: 'hard', scope: 'account', ok: state === 'ACTIVE', detail: state === 'ACTIVE' ? 'ACTIVE' : `${state}: reset the account first (rampart reset)` });
  checks.push({
    name: 'no open incident',
    severity: 'hard',
    scope: 'account',
    ok: observed.openCriticalIncidents === 0,
    detail: observed.openCriticalIncidents === 0 ? 'none' : `${observed.openCriticalIncidents} critical incident(s) since the last activation`,
  });
  checks.push({
    name: 'store reconciled with the venue',
    severity: 'hard',
    scope: 'account',
    ok: observed.reconciliation?.ok === true,
    detail: observed.reconciliation?.detail ?? 'not compared: the venue could not be read',
  });
  if (observed.testnetTrades !== undefined) {
    const { count, required } = observed.testnetTrades;
    checks.push({ name: 'testnet trades', severity: 'hard', scope: 'account', ok: count >= required, detail: `${count} filled on the testnet (at least ${required} before the first real activation)` });
  }
  return checks;
}
