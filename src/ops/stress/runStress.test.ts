import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runStress, worstSeverity } from './runStress.ts';
import type { StressAccount, StressPosition, StressScenario } from './stressScenario.ts';

// Long 0.1 BTC and short 2 ETH, both at 5×, entry = mark, isolated, maintenance margin rate 0.4 %:
// margins 0.1 × 60 000 / 5 = 1 200 and 2 × 3 000 / 5 = 1 200; liquidation 60 000 × (1 − 0.2 + 0.004)
// = 48 240 and 3 000 × (1 + 0.2 − 0.004) = 3 588.
const BTC: StressPosition = { symbol: 'BTCUSDT', quantity: 0.1, entryPrice: 60_000, markPrice: 60_000, leverage: 5, maintenanceMarginRate: 0.004, atr: 1_000, stopPrice: 58_000 };
const ETH: StressPosition = { symbol: 'ETHUSDT', quantity: -2, entryPrice: 3_000, markPrice: 3_000, leverage: 5, maintenanceMarginRate: 0.004, atr: 50, stopPrice: 3_100 };
const ACCOUNT: StressAccount = {
  equity: 10_000,
  limits: [
    { name: 'daily drawdown 3 %', kind: 'profile', referenceEquity: 10_000, maxLossPct: 3 },
    { name: 'total loss 10 %', kind: 'emergencyStop', referenceEquity: 10_000, maxLossPct: 10 },
  ],
};
const RULES = { liquidationWarnPct: 10 };
const base = { description: '' };
const close = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);

describe('stress scenarios on hand-computed positions', () => {
  test('a −10 % shock per symbol: BTC loses 600 (a profile-limit WARNING), ETH gains 600 (OK)', () => {
    const [btc, eth] = runStress({ ...base, name: 'shock-10', kind: 'priceShock', movePct: -10, symbols: [] }, [BTC, ETH], ACCOUNT, RULES);
    assert.equal(btc.symbol, 'BTCUSDT');
    close(btc.pnl, -600, 'BTC 0.1 × −6 000');
    close(btc.equityAfter, 9_400, 'equity');
    close(btc.marginUsed, 2_400, 'two margins of 1 200');
    close(btc.marginUsedPct, (2_400 / 9_400) * 100, 'margin over equity after');
    close(btc.positions[0].distanceToLiquidationPct, ((54_000 - 48_240) / 54_000) * 100, 'BTC to its liquidation');
    close(btc.minDistanceToLiquidationPct, ((54_000 - 48_240) / 54_000) * 100, 'the nearest');
    assert.deepEqual(btc.profileLimitsTriggered, ['daily drawdown 3 %'], '6 % ≥ 3 %');
    assert.deepEqual(btc.emergencyStopTriggered, []);
    assert.equal(btc.severity, 'WARNING');
    close(eth.pnl, 600, 'short 2 × 300');
    close(eth.positions[1].distanceToLiquidationPct, ((3_588 - 2_700) / 2_700) * 100, 'ETH further from its liquidation');
    assert.equal(eth.severity, 'OK');
  });

  test('a −20 % shock liquidates the 5× long: the loss stops at its margin, CRITICAL', () => {
    const [btc] = runStress({ ...base, name: 'shock-20', kind: 'priceShock', movePct: -20, symbols: ['BTCUSDT'] }, [BTC, ETH], ACCOUNT, RULES);
    assert.equal(btc.positions[0].liquidated, true, '48 000 ≤ 48 240');
    close(btc.pnl, -1_200, 'the isolated margin');
    assert.equal(btc.severity, 'CRITICAL');
    assert.match(btc.reasons[0], /BTCUSDT liquidated/);
  });

  test('a −30 % correlated crash: the long is liquidated (−1 200), the short gains 1 800', () => {
    const [crash] = runStress({ ...base, name: 'crash', kind: 'correlatedCrash', movePct: -30 }, [BTC, ETH], ACCOUNT, RULES);
    close(crash.pnl, 600, '−1 200 + 2 × 900');
    assert.equal(crash.severity, 'CRITICAL');
  });

  test('ATR × 3 against each stop: both stops are gapped through by 100', () => {
    const [spike] = runStress({ ...base, name: 'vol', kind: 'volatilitySpike', atrMultiple: 3 }, [BTC, ETH], ACCOUNT, RULES);
    close(spike.positions[0].stressedPrice, 57_000, 'long falls 3 × 1 000');
    close(spike.positions[1].stressedPrice, 3_150, 'short rises 3 × 50');
    assert.equal(spike.positions[0].stopHit, true);
    close(spike.positions[0].lossBeyondStop ?? Number.NaN, -100, '0.1 × (57 000 − 58 000)');
    close(spike.positions[1].lossBeyondStop ?? Number.NaN, -100, '−2 × (3 150 − 3 100)');
    close(spike.pnl, -600, '−300 each');
    assert.equal(spike.severity, 'WARNING');
    const [noStop] = runStress({ ...base, name: 'vol', kind: 'volatilitySpike', atrMultiple: 1 }, [{ ...BTC, stopPrice: undefined }], ACCOUNT, RULES);
    assert.match(noStop.positions[0].note ?? '', /no protective stop/);
    assert.equal(noStop.positions[0].stopHit, false);
  });

  test('a funding spike of 0.3 % per 8 h for 24 h costs 0.9 % of each notional', () => {
    const [funding] = runStress({ ...base, name: 'funding', kind: 'fundingSpike', ratePer8hPct: 0.3, hours: 24 }, [BTC, ETH], ACCOUNT, RULES);
    close(funding.pnl, -108, '2 × 6 000 × 0.003 × 3');
    assert.equal(funding.severity, 'OK');
  });

  test('a 4-hour outage with a 15 % adverse move and no exit fires the emergency stop', () => {
    const [outage] = runStress({ ...base, name: 'outage', kind: 'exchangeOutage', hours: 4, adverseMovePct: 15, ratePer8hPct: 0.1 }, [BTC, ETH], ACCOUNT, RULES);
    close(outage.pnl, -1_806, '2 × (−900 − 6 000 × 0.001 × 0.5)');
    assert.deepEqual(outage.emergencyStopTriggered, ['total loss 10 %'], '18.06 % ≥ 10 %');
    assert.equal(outage.severity, 'CRITICAL');
    assert.ok(outage.reasons.some((reason) => /ETHUSDT 4\.00 % from liquidation/.test(reason)), outage.reasons.join('; '));
    assert.equal(worstSeverity([{ severity: 'OK' }, outage]), 'CRITICAL');
  });

  test('a flat account is OK in every scenario', () => {
    const scenarios: StressScenario[] = [{ ...base, name: 'c', kind: 'correlatedCrash', movePct: -30 }];
    const [result] = runStress(scenarios[0], [{ ...BTC, quantity: 0 }], ACCOUNT, RULES);
    assert.equal(result.pnl, 0);
    assert.equal(result.severity, 'OK');
    assert.equal(runStress({ ...base, name: 's', kind: 'priceShock', movePct: -10, symbols: [] }, [], ACCOUNT, RULES).length, 0, 'a per-symbol shock on no symbol has no result');
  });
});
