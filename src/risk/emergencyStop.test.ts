import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EmergencyStop, type EmergencyStopSettings } from './emergencyStop.ts';
import { TradingStates } from './tradingState.ts';

const settings: EmergencyStopSettings = {
  totalLossPct: 10,
  totalLossAction: 'HALTED',
  dailyDrawdownPct: 5,
  dailyDrawdownAction: 'HALTED',
  weeklyDrawdownPct: 7,
  weeklyDrawdownAction: 'REDUCING',
  consecutiveLosses: 5,
  consecutiveLossesAction: 'REDUCING',
};
const HOUR = 3_600_000;
const MONDAY = Date.UTC(2024, 0, 8);

function stopWith(overrides: Partial<EmergencyStopSettings> = {}): EmergencyStop {
  return new EmergencyStop('main', { ...settings, ...overrides }, new TradingStates());
}

describe('EmergencyStop', () => {
  test('tracks the UTC day start, the ISO week start and the peak', () => {
    const stop = stopWith();
    stop.onEquity(MONDAY + HOUR, 10_000);
    stop.onEquity(MONDAY + 5 * HOUR, 10_300);
    stop.onEquity(MONDAY + 25 * HOUR, 10_200);
    assert.equal(stop.dayStartEquity, 10_200, 'Tuesday starts at its first equity');
    assert.equal(stop.weekStartEquity, 10_000, 'the week started on Monday');
    assert.equal(stop.peakEquity, 10_300);
    stop.onEquity(MONDAY + 7 * 24 * HOUR, 10_100);
    assert.equal(stop.weekStartEquity, 10_100, 'next Monday starts a new week');
  });

  test('says how much of the daily limit the day has used (the playbook warns past 80 %)', () => {
    const stop = stopWith();
    assert.equal(stop.dailyLimitUsedRatio, 0, 'before the first equity');
    stop.onEquity(MONDAY, 10_000);
    stop.onEquity(MONDAY + HOUR, 9_580);
    assert.ok(Math.abs(stop.dailyLimitUsedRatio - 0.84) < 1e-9, '4.2 % of a 5 % limit');
    stop.onEquity(MONDAY + 25 * HOUR, 9_580);
    assert.equal(stop.dailyLimitUsedRatio, 0, 'a new day starts from its own first equity');
    assert.equal(stopWith({ dailyDrawdownPct: Number.POSITIVE_INFINITY }).dailyLimitUsedRatio, 0, 'a switched-off trigger is never approached');
  });

  test('halts on a 5% daily drawdown with the figures on the event', () => {
    const stop = stopWith();
    stop.onEquity(MONDAY, 10_000);
    stop.onEquity(MONDAY + HOUR, 9_600);
    assert.equal(stop.state, 'ACTIVE', '4% is under the 5% trigger');
    stop.onEquity(MONDAY + 2 * HOUR, 9_490);
    assert.equal(stop.state, 'HALTED');
    const event = stop.events.at(-1);
    assert.equal(event?.trigger, 'DAILY_DRAWDOWN');
    assert.equal(event?.figures.limitPct, 5);
    assert.ok(Math.abs((event?.figures.drawdownPct ?? 0) - 5.1) < 1e-9, 'the event says how deep the drawdown was');
  });

  test('halts on a 10% total capital loss spread over days', () => {
    const stop = stopWith({ dailyDrawdownPct: Number.POSITIVE_INFINITY, weeklyDrawdownPct: Number.POSITIVE_INFINITY });
    for (let day = 0; day < 12; day++) stop.onEquity(MONDAY + day * 24 * HOUR, 10_000 - day * 100);
    assert.equal(stop.state, 'HALTED', '11 days of -1% crossed -10%');
    assert.equal(stop.events.at(-1)?.trigger, 'TOTAL_LOSS');
  });

  test('goes REDUCING on a weekly breach and lifts at the next ISO week', () => {
    const stop = stopWith({ dailyDrawdownPct: Number.POSITIVE_INFINITY });
    for (let day = 0; day < 4; day++) stop.onEquity(MONDAY + day * 24 * HOUR, 10_000 - day * 250);
    assert.equal(stop.state, 'REDUCING', '7.5% down in the week');
    stop.onEquity(MONDAY + 6 * 24 * HOUR, 9_300);
    assert.equal(stop.state, 'REDUCING', 'still the same week on Sunday');
    stop.onEquity(MONDAY + 7 * 24 * HOUR, 9_300);
    assert.equal(stop.state, 'ACTIVE', 'the next Monday lifts it');
    assert.equal(stop.events.at(-1)?.trigger, 'COOLDOWN_ELAPSED');
  });

  test('goes REDUCING after 5 consecutive losing trades; a win resets the count', () => {
    const stop = stopWith();
    stop.onEquity(MONDAY, 10_000);
    for (let i = 0; i < 4; i++) stop.onTradeClosed(-10, MONDAY + i);
    stop.onTradeClosed(5, MONDAY + 5);
    for (let i = 0; i < 4; i++) stop.onTradeClosed(-10, MONDAY + 10 + i);
    assert.equal(stop.state, 'ACTIVE', 'four losses in a row since the win');
    stop.onTradeClosed(-10, MONDAY + 20);
    assert.equal(stop.state, 'REDUCING');
    assert.equal(stop.events.at(-1)?.figures.consecutiveLosses, 5);
  });

  test('stays HALTED until a reset with a reason, which re-bases the floors', () => {
    const stop = stopWith();
    stop.onEquity(MONDAY, 10_000);
    stop.kill('drill', MONDAY + 1);
    stop.onEquity(MONDAY + 2 * 24 * HOUR, 10_000);
    assert.equal(stop.state, 'HALTED', 'days passing do not lift a kill');
    stop.onEquity(MONDAY + 2 * 24 * HOUR + HOUR, 8_900);
    assert.throws(() => stop.reset('', MONDAY + 3 * 24 * HOUR));
    stop.reset('loss reviewed', MONDAY + 3 * 24 * HOUR);
    stop.onEquity(MONDAY + 3 * 24 * HOUR + HOUR, 8_900);
    assert.equal(stop.state, 'ACTIVE', 'the accepted loss does not re-fire at once');
  });

  test('survives a restart through toJSON/fromJSON mid-day', () => {
    const states = new TradingStates();
    const stop = new EmergencyStop('main', settings, states);
    stop.onEquity(MONDAY, 10_000);
    stop.onEquity(MONDAY + HOUR, 9_700);
    const restored = EmergencyStop.fromJSON(JSON.parse(JSON.stringify(stop.toJSON())), settings, TradingStates.fromJSON(states.toJSON()));
    assert.equal(restored.dayStartEquity, 10_000, 'the day start is not reset by a restart');
    restored.onEquity(MONDAY + 2 * HOUR, 9_490);
    assert.equal(restored.state, 'HALTED', 'the daily trigger still measures from the morning');
  });
});
