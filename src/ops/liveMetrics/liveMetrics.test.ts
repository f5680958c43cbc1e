import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY_MS, dailyEquitySeries } from './dailyEquity.ts';
import { ladderFigures, type AccountRecord } from './ladderFigures.ts';
import { maxDrawdownPct, rollingSharpe, sharpeRatio, simpleReturns, windowReturnPct } from './returnStats.ts';
import { roundTrips, type MetricFill } from './roundTrips.ts';
import { realisedSlippageBps, sleeveContributionsPct, tradeStats } from './tradeStats.ts';

const DAY0 = Date.UTC(2026, 0, 5);
const HOUR_MS = 3_600_000;

function fill(side: 'BUY' | 'SELL', quantity: number, price: number, fee: number, atMs: number, extra: Partial<MetricFill> = {}): MetricFill {
  return { sleeve: 'BTC', symbol: 'BTCUSDT', side, quantity, price, fee, atMs, ...extra };
}

describe('daily equity', () => {
  test('closes each UTC day at its last snapshot and carries a day without one', () => {
    const series = dailyEquitySeries(
      [
        { atMs: DAY0 + 20 * HOUR_MS, equity: 101 },
        { atMs: DAY0 + 10 * HOUR_MS, equity: 100 },
        { atMs: DAY0 + 2 * DAY_MS + 5 * HOUR_MS, equity: 99 },
        { atMs: DAY0 + 9 * DAY_MS, equity: 500 },
      ],
      DAY0 + 3 * DAY_MS + 12 * HOUR_MS,
    );
    assert.deepEqual(series.dayStartMs, [DAY0, DAY0 + DAY_MS, DAY0 + 2 * DAY_MS, DAY0 + 3 * DAY_MS]);
    assert.deepEqual(series.equity, [101, 101, 99, 99], 'a snapshot after `untilMs` is ignored');
  });
});

describe('return statistics', () => {
  test('Sharpe: mean over sample deviation × √365 (hand-computed: 8.33809)', () => {
    assert.ok(Math.abs(sharpeRatio([0.01, -0.01, 0.02]) - 8.338093878) < 1e-8);
  });

  test('Sharpe is not measured with one return or none of variance', () => {
    assert.ok(Number.isNaN(sharpeRatio([0.01])));
    assert.ok(Number.isNaN(sharpeRatio([0.01, 0.01, 0.01])));
  });

  test('rolling Sharpe and window return read only the last N days, and wait until the record is that long', () => {
    const equity = [50, 100, 101, 99.99, 101.9898];
    assert.deepEqual(simpleReturns(equity.slice(1)).map((value) => Math.round(value * 1e6) / 1e6), [0.01, -0.01, 0.02]);
    assert.ok(Math.abs(rollingSharpe(equity, 3) - 8.338093878) < 1e-6, 'the first close (50) is outside the 3-day window');
    assert.ok(Number.isNaN(rollingSharpe(equity, 5)));
    assert.ok(Math.abs(windowReturnPct(equity, 3) - 1.9898) < 1e-9);
    assert.ok(Number.isNaN(windowReturnPct(equity, 5)));
  });

  test('max drawdown is the largest fall from a running peak (120 → 90: 25 %)', () => {
    assert.equal(maxDrawdownPct([100, 120, 90, 130, 104]), 25);
    assert.equal(maxDrawdownPct([100, 101, 102]), 0);
  });
});

describe('round trips and trade statistics', () => {
  test('average-cost accounting: adds move the average, a flip closes the trip and opens the next with the rest', () => {
    const trips = roundTrips([
      fill('BUY', 1, 100, 0.1, DAY0),
      fill('BUY', 1, 110, 0.1, DAY0 + 1),
      fill('SELL', 3, 120, 0.3, DAY0 + 2),
      fill('BUY', 1, 125, 0.1, DAY0 + 3),
    ]);
    assert.equal(trips.length, 2);
    assert.equal(trips[0].direction, 'long');
    assert.ok(Math.abs(trips[0].pnl - 29.6) < 1e-9, `2 × (120 − 105) − 0.1 − 0.1 − 0.2 = 29.6, was ${trips[0].pnl}`);
    assert.equal(trips[1].direction, 'short');
    assert.ok(Math.abs(trips[1].pnl - -5.2) < 1e-9, `(120 − 125) − 0.1 − 0.1 = −5.2, was ${trips[1].pnl}`);
    const stats = tradeStats(trips);
    assert.equal(stats.tradeCount, 2);
    assert.equal(stats.winRatePct, 50);
    assert.ok(Math.abs(stats.profitFactor - 29.6 / 5.2) < 1e-9);
  });

  test('keeps sleeves apart on one symbol, and an open position is no trip yet', () => {
    const trips = roundTrips([fill('BUY', 1, 100, 0, DAY0), fill('SELL', 1, 100, 0, DAY0 + 1, { sleeve: 'ETH' }), fill('SELL', 1, 101, 0, DAY0 + 2)]);
    assert.deepEqual(trips.map((trip) => [trip.sleeve, trip.direction, trip.pnl]), [['BTC', 'long', 1]]);
  });

  test('no trades: win rate and profit factor are not measured', () => {
    const stats = tradeStats([]);
    assert.ok(Number.isNaN(stats.winRatePct) && Number.isNaN(stats.profitFactor));
  });

  test('slippage is the adverse move from the reference price, weighted by notional (hand-computed 74.812 bps)', () => {
    const bps = realisedSlippageBps([fill('BUY', 1, 100.5, 0, DAY0, { referencePrice: 100 }), fill('SELL', 1, 99, 0, DAY0, { referencePrice: 100 }), fill('SELL', 5, 50, 0, DAY0)]);
    assert.ok(Math.abs(bps - 74.81203007518798) < 1e-9, `was ${bps}`);
    assert.ok(Number.isNaN(realisedSlippageBps([fill('BUY', 1, 100, 0, DAY0)])), 'not measured without reference prices');
  });

  test('sleeve contribution counts trips closed in the window, against the equity at its start', () => {
    const trips = [
      { sleeve: 'BTC', symbol: 'BTCUSDT', direction: 'long' as const, openedAtMs: 0, closedAtMs: DAY0 + 1, pnl: 50 },
      { sleeve: 'BTC', symbol: 'BTCUSDT', direction: 'long' as const, openedAtMs: 0, closedAtMs: DAY0 - 1, pnl: 999 },
      { sleeve: 'ETH', symbol: 'ETHUSDT', direction: 'short' as const, openedAtMs: 0, closedAtMs: DAY0 + 2, pnl: -20 },
    ];
    assert.deepEqual([...sleeveContributionsPct(trips, ['BTC', 'ETH', 'SOL'], DAY0, DAY0 + DAY_MS, 10_000)], [['BTC', 0.5], ['ETH', -0.2], ['SOL', 0]]);
  });
});

describe('ladderFigures', () => {
  test('measures the stage from its start: days, Sharpe, drawdown, flatten events, API failures and sleeve contributions', () => {
    const stageStartedAtMs = DAY0;
    // 15 daily closes: 14 returns alternating +1 % and −0.5 %.
    const closes = [10_000];
    for (let day = 1; day <= 14; day++) closes.push(closes[day - 1] * (day % 2 === 1 ? 1.01 : 0.995));
    const nowMs = DAY0 + 14 * DAY_MS + 23 * HOUR_MS;
    const record: AccountRecord = {
      equitySnapshots: [{ atMs: DAY0 - DAY_MS, equity: 1 }, ...closes.map((equity, day) => ({ atMs: DAY0 + day * DAY_MS + 22 * HOUR_MS, equity }))],
      fills: [fill('BUY', 1, 100, 0.05, DAY0 + 3 * DAY_MS, { referencePrice: 100 }), fill('SELL', 1, 110, 0.05, DAY0 + 4 * DAY_MS, { referencePrice: 110.11 })],
      sleeves: ['BTC', 'ETH'],
      stageStartedAtMs,
      flattenEventsAtMs: [DAY0 - DAY_MS, DAY0 + 2 * DAY_MS],
      apiFailuresAtMs: [nowMs - 2 * HOUR_MS, nowMs - 30 * HOUR_MS],
      assumedSlippageBps: 3,
      assumedFeeBps: 5,
    };
    const figures = ladderFigures(record, nowMs);
    assert.equal(figures.daysInStage, 14);
    const expectedReturns = [];
    for (let day = 1; day <= 14; day++) expectedReturns.push(day % 2 === 1 ? 0.01 : -0.005);
    assert.ok(Math.abs((figures.sharpe14d ?? Number.NaN) - sharpeRatio(expectedReturns)) < 1e-9, 'the snapshot before the stage is not part of its record');
    assert.equal(figures.sharpe20d, undefined, 'a 20-day Sharpe over 14 days is not measured');
    assert.ok(Math.abs((figures.runningMaxDrawdownPct ?? 0) - 0.5) < 1e-9, 'each −0.5 % day is the largest fall');
    assert.equal(figures.flattenEvents, 1, 'the flatten before the stage does not count');
    assert.equal(figures.apiFailures24h, 1);
    // BTC closed +10 − 0.1 fees on 10,000 at the window start (day 0 close: 14 days before now is day 0, 23:00).
    assert.ok(Math.abs((figures.worstSleeveContribution14dPct ?? Number.NaN) - 0) < 1e-12, 'ETH made no trade: 0 %');
    assert.equal(figures.negativeSleeves14d, 0);
    assert.equal(figures.nonPositiveSleeves14d, 1, 'ETH did not contribute positively');
    // Slippage: buy at its reference (0 bps), sell 110 against 110.11 (≈ 9.99 bps), notional-weighted.
    const slippageBps = (0 * 100 + (1 - 110 / 110.11) * 10_000 * 110) / 210;
    assert.ok(Math.abs((figures.slippageRatio ?? Number.NaN) - slippageBps / 3) < 1e-9);
    const feeBps = (0.1 / 210) * 10_000;
    assert.ok(Math.abs((figures.costRatio ?? Number.NaN) - (slippageBps + feeBps) / 8) < 1e-9);
    assert.equal(figures.signalConsistencyPct, undefined, 'not measured unless the consistency check ran');
  });
});

describe('round trips in decimal lots', () => {
  test('0.1 + 0.2 bought and 0.3 sold is one closed trip, not a residue left open (binary floats)', () => {
    const trips = roundTrips([fill('BUY', 0.1, 100, 0, DAY0), fill('BUY', 0.2, 100, 0, DAY0 + 1), fill('SELL', 0.3, 110, 0, DAY0 + 2), fill('BUY', 0.3, 100, 0, DAY0 + 3), fill('SELL', 0.3, 90, 0, DAY0 + 4)]);
    assert.equal(trips.length, 2);
    assert.ok(Math.abs(trips[0].pnl - 3) < 1e-9);
    assert.ok(Math.abs(trips[1].pnl - -3) < 1e-9);
  });
});
