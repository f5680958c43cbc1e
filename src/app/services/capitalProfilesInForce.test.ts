import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../domain/errors/inputError.ts';
import { validateConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { accountsFromEnv } from './accountsFromEnv.ts';
import { capitalProfilesInForce, withCapitalProfiles } from './capitalProfilesInForce.ts';
import { createRiskGate } from './createRiskGate.ts';

const config = validateConfig(
  {
    name: 'profiles-test',
    market: { type: 'futures', leverage: 1 },
    risk: { accounts: { main: 'normal' }, profiles: { house: { name: 'house', riskPerTradePct: 0.3, dailyDrawdownPct: 1.5, weeklyDrawdownPct: 4, maxLeverage: 2 } } },
    sleeves: [
      { name: 'btc', symbol: 'BTCUSDT', weight: 0.5, strategy: 'buy_and_hold', account: 'main' },
      { name: 'eth', symbol: 'ETHUSDT', weight: 0.5, strategy: 'buy_and_hold', account: 'side' },
    ],
  },
  'profiles-test.yaml',
);
const loaded: LoadedConfig = { config, path: '/tmp/profiles-test.yaml', baseDir: '/tmp', sha256: 'f'.repeat(64) };

function accounts(env: Record<string, string>) {
  return accountsFromEnv(env, 'paper').accounts;
}

describe('capitalProfilesInForce: environment over config over default', () => {
  test('without the variable the config entry holds, and an account the config names no profile for gets the default', () => {
    const inForce = capitalProfilesInForce(config, accounts({}));
    assert.deepEqual(inForce.get('main'), { profile: 'normal', source: 'config', from: 'risk.accounts.main' });
    assert.equal(inForce.get('side')?.source, 'default');
    assert.equal(inForce.get('side')?.profile, undefined, 'the most cautious preset');
  });

  test('RAMPART_ACCOUNT_<NAME>_CAPITAL_PROFILE wins over the config and reaches the risk engine', () => {
    const env = { RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE: 'micro', RAMPART_ACCOUNT_SIDE_CAPITAL_PROFILE: 'house' };
    const { loaded: applied, profiles } = withCapitalProfiles(loaded, accounts(env));
    assert.deepEqual(profiles.get('main'), { profile: 'micro', source: 'environment', from: 'RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE' });
    const { engine } = createRiskGate(applied.config);
    assert.equal(engine.profileOf('main').name, 'micro', 'the environment profile is what the engine enforces, not the config one');
    assert.equal(engine.profileOf('side').name, 'house', 'a custom profile of risk.profiles can be named from the environment');
    assert.equal(applied.sha256, loaded.sha256, "the file's hash stays the file's");
    assert.equal(loaded.config.risk.accounts.main, 'normal', 'the loaded config itself is not mutated');
  });

  test('refuses a profile name that is neither a preset nor a custom profile, naming the variable and the valid names', () => {
    assert.throws(
      () => withCapitalProfiles(loaded, accounts({ RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE: 'yolo' })),
      (error: unknown) =>
        error instanceof InputError &&
        error.details.keyPath === 'RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE' &&
        /RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE must name a capital profile \(house, .*micro.*\), was "yolo"/.test(error.message),
    );
  });

  test("the seam for issue 15: a profile assigned in the store ranks above the environment", () => {
    const { loaded: applied, profiles } = withCapitalProfiles(loaded, accounts({ RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE: 'micro' }), new Map([['main', 'house']]));
    assert.equal(profiles.get('main')?.source, 'store');
    assert.equal(createRiskGate(applied.config).engine.profileOf('main').name, 'house');
    assert.throws(() => withCapitalProfiles(loaded, accounts({}), new Map([['main', 'nope']])), /the store's profile assignment of account main must name a capital profile/);
  });
});
