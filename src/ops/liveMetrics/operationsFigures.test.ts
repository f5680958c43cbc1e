import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY_MS } from './dailyEquity.ts';
import { fundingDragAnnualPct, operationsFigures, runnerUptimePct, type OperationsRecord } from './operationsFigures.ts';
import { periodPnl, pnlAgainstLimit } from './periodPnl.ts';

const HOUR_MS = 3_600_000;
// Wednesday 2026-01-07 00:00 UTC; its ISO week began Monday 2026-01-05.
const WED = Date.UTC(2026, 0, 7);

describe('daily and weekly PnL against the profile limits', () => {
  const snapshots = [
    { atMs: WED - 3 * DAY_MS, equity: 1000 }, // Sunday: the week's start equity
    { atMs: WED - 2 * DAY_MS + HOUR_MS, equity: 990 },
    { atMs: WED - HOUR_MS, equity: 980 }, // Tuesday's last: the day's start equity
    { atMs: WED + 5 * HOUR_MS, equity: 970.2 },
  ];

  test('a day starts at the last snapshot before UTC midnight: 980 → 970.2 is −1 %, half of a 2 % limit', () => {
    const day = periodPnl(snapshots, 'day', WED + 6 * HOUR_MS, 2);
    assert.equal(day.fromMs, WED);
    assert.equal(day.startEquity, 980);
    assert.ok(Math.abs(day.pnl - -9.8) < 1e-9);
    assert.ok(Math.abs(day.pnlPct - -1) < 1e-9);
    assert.ok(Math.abs(day.limitUsedPct - 50) < 1e-9);
  });

  test('a week starts Monday 00:00 UTC: 1000 → 970.2 is −2.98 %, 85.14 % of a 3.5 % limit', () => {
    const week = periodPnl(snapshots, 'week', WED + 6 * HOUR_MS, 3.5);
    assert.equal(week.fromMs, WED - 2 * DAY_MS);
    assert.equal(week.startEquity, 1000);
    assert.ok(Math.abs(week.pnlPct - -2.98) < 1e-9);
    assert.ok(Math.abs(week.limitUsedPct - (2.98 / 3.5) * 100) < 1e-9);
  });

  test('a gain uses none of the limit, and no limit leaves the share not measured', () => {
    assert.equal(pnlAgainstLimit(0, 100, 110, 2).limitUsedPct, 0);
    assert.ok(Number.isNaN(pnlAgainstLimit(0, 100, 90, undefined).limitUsedPct));
  });
});

describe('operations figures', () => {
  const record: OperationsRecord = {
    riskEvents: [
      { atMs: 10, code: 'NOTIONAL_EXCEEDS_MAX_PER_ORDER' },
      { atMs: 20, code: 'DAILY_DRAWDOWN_LIMIT' },
      { atMs: 30, code: 'VENUE_INSUFFICIENT_MARGIN' },
      { atMs: 40, code: 'MARKET_FEED_STALE' },
      { atMs: 10 * DAY_MS, code: 'OUTSIDE_WINDOW' },
    ],
    intents: [
      { atMs: 100, reduceOnly: false, clientOrderId: 'a' },
      { atMs: 200, reduceOnly: true, clientOrderId: 'b' },
      { atMs: 300, reduceOnly: true, clientOrderId: 'c' },
      { atMs: 400, reduceOnly: false, clientOrderId: 'd' },
      { atMs: 500, reduceOnly: false, clientOrderId: 'e' },
      { atMs: 600, reduceOnly: true, clientOrderId: 'f' },
    ],
    orders: new Map([
      ['a', { status: 'FILLED', rested: false }],
      ['b', { status: 'CANCELED', rested: true }], // a protective stop, cancelled at the exit
      ['c', { status: 'FILLED', rested: false }], // a reduce-only market exit
      ['d', { status: 'REJECTED', rested: false }],
      ['e', { status: 'UNKNOWN', rested: false }],
      // f: never sent (a dry run)
    ]),
    incidents: [
      { atMs: 50, kind: 'EMERGENCY_STOP' },
      { atMs: 60, kind: 'NOT_READY' },
      { atMs: 70, kind: 'IP_BANNED' },
      { atMs: 80, kind: 'PROTECTIVE_STOP_FAILED' },
      { atMs: 90, kind: 'LOCK_TAKEN_OVER' },
    ],
    snapshotTimesMs: [0, HOUR_MS, HOUR_MS + 5, 3 * HOUR_MS],
  };

  test('counts and rates by hand: 6 intents + 2 gate denials, 5 sent, 2 accepted, 1 stop of 2 attempts', () => {
    const figures = operationsFigures(record, 0, 4 * HOUR_MS - 1, HOUR_MS, 1000);
    assert.equal(figures.emergencyStopTriggers, 1);
    assert.equal(figures.riskGateDecisions, 8);
    assert.equal(figures.riskGateBlocked, 2);
    assert.equal(figures.riskGateBlockRatePct, 25);
    assert.equal(figures.ordersSent, 5);
    assert.equal(figures.orderSuccessRatePct, 60, 'FILLED, CANCELED and FILLED of five: REJECTED and UNKNOWN are not successes');
    assert.equal(figures.protectivePlacementSuccessPct, 50);
    assert.equal(figures.apiErrors, 2);
    assert.equal(figures.runnerUptimePct, 75, 'bars 0, 1 and 3 of four hourly bars');
    assert.ok(Number.isNaN(figures.fundingDragAnnualPct), 'the record keeps no funding payments');
  });

  test('uptime counts each bar once, and funding drag annualises paid funding (7.3 paid in 73 days on 1000 → 3.65 %)', () => {
    assert.equal(runnerUptimePct([0, 1, 2, 3], 0, 9, 10), 100);
    assert.ok(Math.abs(fundingDragAnnualPct([{ amount: 5 }, { amount: 2.3 }], 1000, 73) - 3.65) < 1e-9);
    assert.ok(Number.isNaN(fundingDragAnnualPct([{ amount: 1 }], 1000, 0)));
  });
});
