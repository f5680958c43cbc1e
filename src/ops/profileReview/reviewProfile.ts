import { DAY_MS, dailyEquitySeries } from '../liveMetrics/dailyEquity.ts';
import { runnerUptimePct } from '../liveMetrics/operationsFigures.ts';
import { sharpeRatio, simpleReturns } from '../liveMetrics/returnStats.ts';
import { roundTrips, type MetricFill } from '../liveMetrics/roundTrips.ts';
import { tradeStats } from '../liveMetrics/tradeStats.ts';
import { periodRecords } from './periodBreaches.ts';

/** The playbook's drawdown-family ladder (§5, §7): promotion criteria out of each level but the top. */
export const DRAWDOWN_LADDER = [
  { profile: 'micro', weeks: 4, minTrades: 20, minWinRatePct: 45, minSharpe: 0.5 },
  { profile: 'low', weeks: 6, minTrades: 50, minWinRatePct: 48, minSharpe: 0.8 },
  { profile: 'normal', weeks: 8, minTrades: 100, minWinRatePct: 50, minSharpe: 1.0 },
  { profile: 'aggressive' },
] as const;

/** The operator manual's size-capped ladder (§5): MICRO → SMALL → MEDIUM → LARGE. */
export const SIZE_LADDER = [
  { profile: 'MICRO', days: 7, minUptimePct: 90, maxEssTriggers: 0 },
  { profile: 'SMALL', days: 14, minWinRatePct: 80, maxDailyDrawdownPct: 2 },
  { profile: 'MEDIUM', days: 30, everyWeekPositive: true, maxEssTriggers: 0 },
  { profile: 'LARGE' },
] as const;

/** Sharpe below this is a downgrade trigger (playbook §5). */
export const DOWNGRADE_SHARPE = 0.3;
/** Fewest daily returns a Sharpe is judged on for a downgrade: a few days prove nothing either way. */
export const MIN_SHARPE_DAYS = 7;
/** A Micro account with a weekly breach pauses this long (playbook §6 scenario 3). */
export const MICRO_PAUSE_MS = 14 * DAY_MS;

export type ProfileReviewDecision = 'KEEP' | 'PROMOTE' | 'DOWNGRADE' | 'PAUSE';

export interface ProfileReviewInput {
  /** The profile name in force. */
  readonly profile: string;
  /** When the account entered it (its latest assignment; else the record's start). */
  readonly sinceMs: number;
  readonly nowMs: number;
  readonly snapshots: ReadonlyArray<{ readonly atMs: number; readonly equity: number }>;
  readonly fills: readonly MetricFill[];
  readonly limits: { readonly dailyPct: number | undefined; readonly weeklyPct: number | undefined };
  readonly emergencyStopTriggersAtMs: readonly number[];
  readonly barMs: number;
}

export interface ProfileReview {
  readonly profile: string;
  readonly family: 'drawdown' | 'size' | 'none';
  readonly decision: ProfileReviewDecision;
  /** The profile a PROMOTE or DOWNGRADE moves to. */
  readonly target: string | undefined;
  /** A downgrade the playbook makes mandatory (weekly breach, Sharpe < 0.3) rather than one to consider. */
  readonly mandatory: boolean;
  readonly reasons: readonly string[];
  /** The promotion's criteria, each with whether it holds. */
  readonly criteria: ReadonlyArray<{ readonly text: string; readonly met: boolean }>;
  readonly evidence: {
    readonly daysInProfile: number;
    readonly trades: number;
    readonly winRatePct: number;
    readonly sharpe: number;
    readonly weeklyBreaches: number;
    readonly dailyBreaches: number;
    readonly negativeWeeksInARow: number;
    readonly uptimePct: number;
    readonly emergencyStopTriggers: number;
    readonly worstDailyPct: number;
  };
}

/** Reviews one account's profile against its ladder (formulas in docs/live-metrics.md, "Profile review"). */
export function reviewProfile(input: ProfileReviewInput): ProfileReview {
  const { sinceMs, nowMs } = input;
  const snapshots = input.snapshots.filter((snapshot) => snapshot.atMs >= sinceMs);
  const trips = roundTrips(input.fills.filter((fill) => fill.atMs >= sinceMs && fill.atMs <= nowMs));
  const stats = tradeStats(trips);
  const daily = dailyEquitySeries(snapshots, nowMs).equity;
  const returns = simpleReturns(daily);
  const sharpe = sharpeRatio(returns);
  const weeks = periodRecords(snapshots, 'week', sinceMs, nowMs, input.limits.weeklyPct);
  const days = periodRecords(snapshots, 'day', sinceMs, nowMs, input.limits.dailyPct);
  const completeWeeks = weeks.filter((week) => week.complete);
  let negativeWeeksInARow = 0;
  for (let index = completeWeeks.length - 1; index >= 0 && completeWeeks[index].returnPct < 0; index--) negativeWeeksInARow++;
  const evidence = {
    daysInProfile: Math.floor((nowMs - sinceMs) / DAY_MS),
    trades: stats.tradeCount,
    winRatePct: stats.winRatePct,
    sharpe,
    weeklyBreaches: weeks.filter((week) => week.breached).length,
    dailyBreaches: days.filter((day) => day.breached).length,
    negativeWeeksInARow,
    uptimePct: runnerUptimePct(snapshots.map((snapshot) => snapshot.atMs), sinceMs, nowMs, input.barMs),
    emergencyStopTriggers: input.emergencyStopTriggersAtMs.filter((atMs) => atMs >= sinceMs && atMs <= nowMs).length,
    worstDailyPct: days.reduce((worst, day) => Math.min(worst, day.worstPct), 0),
  };
  const drawdownIndex = DRAWDOWN_LADDER.findIndex((level) => level.profile === input.profile);
  const sizeIndex = SIZE_LADDER.findIndex((level) => level.profile === input.profile);
  const base = { profile: input.profile, evidence };
  if (drawdownIndex >= 0) return reviewDrawdownFamily(base, drawdownIndex, weeks, evidence);
  if (sizeIndex >= 0) return reviewSizeFamily(base, sizeIndex, completeWeeks.map((week) => week.returnPct), evidence);
  return { ...base, family: 'none', decision: 'KEEP', target: undefined, mandatory: false, reasons: [`profile ${input.profile} is on neither ladder (a custom profile): review it by hand`], criteria: [] };
}

type Evidence = ProfileReview['evidence'];
const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'not measured');

function reviewDrawdownFamily(base: { profile: string; evidence: Evidence }, index: number, weeks: ReturnType<typeof periodRecords>, evidence: Evidence): ProfileReview {
  const below = index > 0 ? DRAWDOWN_LADDER[index - 1].profile : undefined;
  const level = DRAWDOWN_LADDER[index];
  const criteria =
    'weeks' in level
      ? [
          { text: `${level.weeks} weeks in profile: ${Math.floor(evidence.daysInProfile / 7)}`, met: evidence.daysInProfile >= level.weeks * 7 },
          { text: `no daily or weekly limit breached in the profile: ${evidence.dailyBreaches} daily, ${evidence.weeklyBreaches} weekly`, met: evidence.dailyBreaches === 0 && evidence.weeklyBreaches === 0 },
          { text: `${level.minTrades}+ trades: ${evidence.trades}`, met: evidence.trades >= level.minTrades },
          { text: `win rate > ${level.minWinRatePct} %: ${fixed(evidence.winRatePct, 1)}`, met: evidence.winRatePct > level.minWinRatePct },
          { text: `Sharpe > ${level.minSharpe}: ${fixed(evidence.sharpe)}`, met: evidence.sharpe > level.minSharpe },
        ]
      : [];
  const common = { ...base, family: 'drawdown' as const, criteria };
  const breach = weeks.find((week) => week.breached);
  if (breach !== undefined) {
    const reason = `weekly limit breached in the week of ${new Date(breach.startMs).toISOString().slice(0, 10)} (worst ${fixed(breach.worstPct)} %)`;
    if (below === undefined) return { ...common, decision: 'PAUSE', target: undefined, mandatory: true, reasons: [`${reason}: a Micro account pauses for 2 weeks (playbook §6 scenario 3)`] };
    return { ...common, decision: 'DOWNGRADE', target: below, mandatory: true, reasons: [`${reason}: mandatory downgrade one level`] };
  }
  if (returnsEnough(evidence) && evidence.sharpe < DOWNGRADE_SHARPE) {
    if (below !== undefined) return { ...common, decision: 'DOWNGRADE', target: below, mandatory: true, reasons: [`Sharpe ${fixed(evidence.sharpe)} < ${DOWNGRADE_SHARPE}: downgrade one level`] };
  }
  if (evidence.negativeWeeksInARow >= 2 && below !== undefined) {
    return { ...common, decision: 'DOWNGRADE', target: below, mandatory: false, reasons: [`${evidence.negativeWeeksInARow} complete weeks negative in a row: consider a downgrade`] };
  }
  if (criteria.length > 0 && criteria.every((criterion) => criterion.met)) return { ...common, decision: 'PROMOTE', target: DRAWDOWN_LADDER[index + 1].profile, mandatory: false, reasons: ['every promotion criterion holds'] };
  return { ...common, decision: 'KEEP', target: undefined, mandatory: false, reasons: criteria.length === 0 ? ['top of the ladder'] : criteria.filter((criterion) => !criterion.met).map((criterion) => `not yet: ${criterion.text}`) };
}

function returnsEnough(evidence: Evidence): boolean {
  return evidence.daysInProfile >= MIN_SHARPE_DAYS && Number.isFinite(evidence.sharpe);
}

function reviewSizeFamily(base: { profile: string; evidence: Evidence }, index: number, weekReturnsPct: readonly number[], evidence: Evidence): ProfileReview {
  const level = SIZE_LADDER[index];
  const criteria: Array<{ text: string; met: boolean }> = [];
  if ('days' in level) criteria.push({ text: `${level.days} days in profile: ${evidence.daysInProfile}`, met: evidence.daysInProfile >= level.days });
  if ('minUptimePct' in level) criteria.push({ text: `uptime ≥ ${level.minUptimePct} %: ${fixed(evidence.uptimePct, 1)}`, met: evidence.uptimePct >= level.minUptimePct });
  if ('maxEssTriggers' in level) criteria.push({ text: `emergency-stop triggers ≤ ${level.maxEssTriggers}: ${evidence.emergencyStopTriggers}`, met: evidence.emergencyStopTriggers <= level.maxEssTriggers });
  if ('minWinRatePct' in level) criteria.push({ text: `win rate ≥ ${level.minWinRatePct} %: ${fixed(evidence.winRatePct, 1)}`, met: evidence.winRatePct >= level.minWinRatePct });
  if ('maxDailyDrawdownPct' in level) criteria.push({ text: `worst day ≥ −${level.maxDailyDrawdownPct} %: ${fixed(evidence.worstDailyPct)}`, met: evidence.worstDailyPct >= -level.maxDailyDrawdownPct });
  if ('everyWeekPositive' in level) criteria.push({ text: `every complete week positive: ${weekReturnsPct.map((pct) => fixed(pct)).join(', ') || 'none yet'}`, met: weekReturnsPct.length >= 4 && weekReturnsPct.every((pct) => pct > 0) });
  const common = { ...base, family: 'size' as const, criteria, mandatory: false };
  if (criteria.length > 0 && criteria.every((criterion) => criterion.met)) return { ...common, decision: 'PROMOTE', target: SIZE_LADDER[index + 1].profile, reasons: ['every promotion criterion holds (operator manual §5)'] };
  return { ...common, decision: 'KEEP', target: undefined, reasons: criteria.length === 0 ? ['top of the ladder'] : criteria.filter((criterion) => !criterion.met).map((criterion) => `not yet: ${criterion.text}`) };
}
