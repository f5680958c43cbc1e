import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RiskEngine } from './riskEngine.ts';
import { FIXTURE_TIME_MS, intentOf, snapshotOf } from './riskFixtures.ts';

const DAY_MS = 86_400_000;
const dayStart = Math.floor(FIXTURE_TIME_MS / DAY_MS) * DAY_MS;

describe("a breach of the profile's daily drawdown locks the account until reset (playbook §6 scenario 2)", () => {
  test('normal (2 % a day): 2.3 % down halts, the next day and the day after stay HALTED, only reset makes it ACTIVE', () => {
    const engine = RiskEngine.fromConfig({ accounts: { main: 'normal' } });
    const stop = engine.emergencyStop('main');
    stop.onEquity(dayStart + 60_000, 10_000);
    stop.onEquity(dayStart + 3_600_000, 9_850);
    assert.equal(engine.tradingState('main'), 'ACTIVE', '1.5 % is inside the limit');
    stop.onEquity(dayStart + 7_200_000, 9_770);
    assert.equal(engine.tradingState('main'), 'HALTED', '2.3 % ≥ 2 %: locked');
    stop.onEquity(dayStart + DAY_MS + 60_000, 9_900);
    stop.onEquity(dayStart + 2 * DAY_MS + 60_000, 10_100);
    assert.equal(engine.tradingState('main'), 'HALTED', 'a new day and a recovery do not lift it');
    assert.equal(engine.check(intentOf({ timeMs: dayStart + 2 * DAY_MS + 120_000 }), snapshotOf({ equity: 10_100, dayStartEquity: 10_100 })).kind, 'denied');
    engine.reset('main', 'reviewed: same profile', dayStart + 2 * DAY_MS + 180_000);
    assert.equal(engine.tradingState('main'), 'ACTIVE');
  });

  test('the emergency daily stop stays in force where it is the tighter limit, with its own action', () => {
    const engine = RiskEngine.fromConfig({ accounts: { main: 'aggressive' }, emergency: { dailyDrawdown: { drawdownPct: 3, action: 'REDUCING' } } });
    const stop = engine.emergencyStop('main');
    stop.onEquity(dayStart + 60_000, 10_000);
    stop.onEquity(dayStart + 3_600_000, 9_690);
    assert.equal(engine.tradingState('main'), 'REDUCING', 'emergency 3 % (REDUCING) is tighter than aggressive 3.5 %');
    stop.onEquity(dayStart + 7_200_000, 9_640);
    assert.equal(engine.tradingState('main'), 'REDUCING', 'the daily trigger fires once a day');
  });

  test('a profile without a daily limit leaves the emergency settings as configured', () => {
    const engine = RiskEngine.fromConfig({ accounts: { main: { name: 'no-daily', maxLeverage: 2 } } });
    const stop = engine.emergencyStop('main');
    stop.onEquity(dayStart + 60_000, 10_000);
    stop.onEquity(dayStart + 3_600_000, 9_600);
    assert.equal(engine.tradingState('main'), 'ACTIVE', '4 % is inside the emergency 5 %');
    stop.onEquity(dayStart + 7_200_000, 9_490);
    assert.equal(engine.tradingState('main'), 'HALTED', '5.1 % fires the emergency daily stop (HALTED by default)');
  });
});
