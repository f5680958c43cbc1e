import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from './loadConfig.ts';
import { profileFindings } from './profileFit.ts';

const config = (extra: Record<string, unknown>, sleeves = 1) =>
  validateConfig(
    {
      name: 'fit',
      sleeves: Array.from({ length: sleeves }, (_, index) => ({ name: `S${index}`, symbol: 'BTCUSDT', weight: 0.3, strategy: 'tsmom_ema' })),
      ...extra,
    },
    'fit.yaml',
  );

describe('profileFindings', () => {
  test('leverage above the default micro profile is a cut naming the profile, the limit and the key', () => {
    const findings = profileFindings(config({ market: { type: 'futures', leverage: 3 } }));
    const leverage = findings.find((finding) => finding.keyPath === 'market.leverage');
    assert.equal(leverage?.severity, 'cut');
    assert.match(leverage!.message, /capital profile micro \(the default.*allows leverage up to 1x \(maxLeverage\), the config asks 3x/);
  });

  test('more sleeves than the profile\'s maxPositions is a cut', () => {
    const findings = profileFindings(config({}, 3));
    assert.ok(findings.some((finding) => finding.severity === 'cut' && finding.keyPath === 'sleeves' && /allows 2 open positions \(maxPositions\), the account has 3 sleeves/.test(finding.message)));
  });

  test('a strategy outside the profile\'s allow-list is a cut on the sleeve\'s strategy key', () => {
    const findings = profileFindings(config({ risk: { accounts: { default: { name: 'picky', maxLeverage: 5, allowedStrategies: ['sma_cross'] } } } }));
    assert.deepEqual(findings.map((finding) => [finding.severity, finding.keyPath, finding.profile]), [['cut', 'sleeves[0].strategy', 'picky']]);
  });

  test('all_in sizing beyond the risk-per-trade budget is a warning, not a cut', () => {
    const findings = profileFindings(config({ sizing: { mode: 'all_in' } }));
    assert.deepEqual(findings.map((finding) => [finding.severity, finding.keyPath]), [['warning', 'sizing.mode']]);
    assert.match(findings[0].message, /risks at most 0.2% of equity per trade \(riskPerTradePct\).*cut to 4% of equity/);
  });

  test('a config its profile allows, and any research config, has no finding', () => {
    assert.deepEqual(profileFindings(config({ market: { type: 'futures', leverage: 3 }, risk: { accounts: { default: 'normal' } }, sizing: { mode: 'fixed_notional' } }, 3)), []);
    assert.deepEqual(profileFindings(config({ market: { type: 'futures', leverage: 20 }, risk: 'research', sizing: { mode: 'all_in' } }, 3)), []);
  });
});
