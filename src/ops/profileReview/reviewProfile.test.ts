import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MetricFill } from '../liveMetrics/roundTrips.ts';
import { periodRecords } from './periodBreaches.ts';
import { reviewProfile, type ProfileReviewInput } from './reviewProfile.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MONDAY = Date.UTC(2026, 0, 5);

/** One snapshot per day at noon. */
function daily(closes: readonly number[]): Array<{ atMs: number; equity: number }> {
  return closes.map((equity, day) => ({ atMs: MONDAY + day * DAY_MS + 12 * HOUR_MS, equity }));
}

/** `count` round trips, `wins` of them +10 and the rest −5, one a day. */
function trips(count: number, wins: number): MetricFill[] {
  const fills: MetricFill[] = [];
  for (let index = 0; index < count; index++) {
    const atMs = MONDAY + index * 6 * HOUR_MS;
    fills.push({ sleeve: 'A', symbol: 'BTCUSDT', side: 'BUY', quantity: 1, price: 100, fee: 0, atMs });
    fills.push({ sleeve: 'A', symbol: 'BTCUSDT', side: 'SELL', quantity: 1, price: index < wins ? 110 : 95, fee: 0, atMs: atMs + HOUR_MS });
  }
  return fills;
}

function input(overrides: Partial<ProfileReviewInput>): ProfileReviewInput {
  return { profile: 'micro', sinceMs: MONDAY, nowMs: MONDAY + 29 * DAY_MS, snapshots: [], fills: [], limits: { dailyPct: 0.5, weeklyPct: 2 }, emergencyStopTriggersAtMs: [], barMs: HOUR_MS, ...overrides };
}

/** Rising 0.1 % a day with ±0.05 % alternating: Sharpe far above 1, no breach. */
const steady = (days: number): number[] => Array.from({ length: days }, (_, day) => 10_000 * (1 + 0.001 * day) * (day % 2 === 0 ? 1 : 0.9995));

describe('periods and breaches', () => {
  test('a week breaches when any snapshot falls to −limit of the week\'s start (the last snapshot before it)', () => {
    const weeks = periodRecords([{ atMs: MONDAY - HOUR_MS, equity: 1000 }, { atMs: MONDAY + DAY_MS, equity: 975 }, { atMs: MONDAY + 2 * DAY_MS, equity: 1010 }], 'week', MONDAY, MONDAY + 3 * DAY_MS, 2);
    assert.equal(weeks.length, 1);
    assert.ok(Math.abs(weeks[0].worstPct - -2.5) < 1e-9);
    assert.ok(Math.abs(weeks[0].returnPct - 1) < 1e-9);
    assert.equal(weeks[0].breached, true, 'recovered by the end, still breached');
    assert.equal(weeks[0].complete, false);
  });
});

describe('profile review: the playbook ladder', () => {
  test('Micro → Low after 4 clean weeks with 20+ trades, win rate > 45 % and Sharpe > 0.5', () => {
    const review = reviewProfile(input({ snapshots: daily(steady(29)), fills: trips(20, 10) }));
    assert.equal(review.decision, 'PROMOTE');
    assert.equal(review.target, 'low');
    assert.equal(review.evidence.trades, 20);
    assert.equal(review.evidence.winRatePct, 50);
  });

  test('one trade short, or a win rate of exactly 45 %, keeps Micro and says which criterion failed', () => {
    const short = reviewProfile(input({ snapshots: daily(steady(29)), fills: trips(19, 10) }));
    assert.equal(short.decision, 'KEEP');
    assert.deepEqual(short.reasons, ['not yet: 20+ trades: 19']);
    assert.equal(reviewProfile(input({ snapshots: daily(steady(29)), fills: trips(20, 9) })).decision, 'KEEP');
  });

  test('a weekly breach is a mandatory downgrade one level; on Micro it is a 2-week pause', () => {
    const path = steady(29);
    path[10] = path[9] * 0.95; // −5 % inside the second week: over Normal's 7 %? no, over Low's 3.5 %
    const low = reviewProfile(input({ profile: 'low', snapshots: daily(path), limits: { dailyPct: 10, weeklyPct: 3.5 } }));
    assert.equal(low.decision, 'DOWNGRADE');
    assert.equal(low.target, 'micro');
    assert.equal(low.mandatory, true);
    const micro = reviewProfile(input({ profile: 'micro', snapshots: daily(path), limits: { dailyPct: 10, weeklyPct: 2 } }));
    assert.equal(micro.decision, 'PAUSE');
  });

  test('two complete negative weeks in a row suggest a downgrade, not a mandatory one', () => {
    // Week 1 up 50 a day, weeks 2 and 3 down about 1 % each in small daily steps: no breach of 7 %.
    const closes: number[] = [];
    for (let day = 0; day < 7; day++) closes.push(10_000 + 50 * day);
    for (let day = 7; day < 21; day++) closes.push(closes[day - 1] * (day % 2 === 0 ? 0.9975 : 1.001));
    const review = reviewProfile(input({ profile: 'normal', snapshots: daily(closes), nowMs: MONDAY + 21 * DAY_MS + HOUR_MS, limits: { dailyPct: 2, weeklyPct: 7 } }));
    assert.equal(review.evidence.negativeWeeksInARow, 2);
    assert.ok(review.evidence.sharpe > 0.3, `week 1's rise keeps the Sharpe (${review.evidence.sharpe}) above 0.3`);
    assert.equal(review.decision, 'DOWNGRADE');
    assert.equal(review.target, 'low');
    assert.equal(review.mandatory, false);
  });

  test('a Sharpe under 0.3 is a mandatory downgrade even without two negative weeks in a row', () => {
    // Weekly factors −1 %, +0.2 %, −1 % in daily steps: the last two weeks are not both negative.
    const closes = [10_000];
    for (const factor of [0.99857, 1.000286, 0.99857]) for (let day = 0; day < 7; day++) closes.push(closes[closes.length - 1] * factor);
    const review = reviewProfile(input({ profile: 'normal', snapshots: daily(closes), nowMs: MONDAY + 22 * DAY_MS + HOUR_MS, limits: { dailyPct: 2, weeklyPct: 7 } }));
    assert.ok(review.evidence.sharpe < 0.3);
    assert.ok(review.evidence.negativeWeeksInARow < 2);
    assert.equal(review.decision, 'DOWNGRADE');
    assert.equal(review.mandatory, true);
    assert.match(review.reasons[0], /^Sharpe -?\d/);
  });
});

describe('profile review: the operator manual\'s size ladder', () => {
  test('MICRO → SMALL after a week with 90 % uptime and no emergency-stop trigger; a trigger keeps MICRO', () => {
    const snapshots = Array.from({ length: 7 * 24 }, (_, hour) => ({ atMs: MONDAY + hour * HOUR_MS, equity: 1000 }));
    const base = input({ profile: 'MICRO', snapshots, nowMs: MONDAY + 7 * DAY_MS - 1, limits: { dailyPct: undefined, weeklyPct: undefined } });
    const review = reviewProfile(base);
    assert.equal(review.evidence.uptimePct, 100);
    assert.equal(review.decision, 'KEEP', 'the 7th day is not over');
    const week = reviewProfile({ ...base, nowMs: MONDAY + 7 * DAY_MS + 10 * 60_000 });
    assert.ok(week.evidence.uptimePct >= 90);
    assert.equal(week.decision, 'PROMOTE');
    assert.equal(week.target, 'SMALL');
    assert.equal(reviewProfile({ ...base, nowMs: MONDAY + 7 * DAY_MS + 10 * 60_000, emergencyStopTriggersAtMs: [MONDAY + DAY_MS] }).decision, 'KEEP');
  });

  test('a custom profile is on neither ladder: KEEP, reviewed by hand', () => {
    assert.equal(reviewProfile(input({ profile: 'house' })).family, 'none');
  });
});
