import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateLaunchChecks, launchPasses, type LaunchObservations } from './launchChecks.ts';

const healthy: LaunchObservations = {
  account: 'main',
  venue: 'binanceusdm',
  testnet: false,
  apiKeyPresent: true,
  secretPresent: true,
  reachError: null,
  clockOffsetMs: 40,
  maxClockOffsetMs: 1000,
  restrictions: { futuresTradingEnabled: true, withdrawalsEnabled: false, universalTransferEnabled: false, ipRestricted: true },
  positionMode: 'ONE_WAY',
  configuredLeverage: 3,
  symbolSettings: [{ symbol: 'BTCUSDT', marginMode: 'isolated', leverage: 3, hasPosition: true }],
};

const cases: Array<{ name: string; change: Partial<LaunchObservations>; failing: string; passes: boolean }> = [
  { name: 'a missing secret', change: { secretPresent: false }, failing: 'keys present', passes: false },
  { name: 'an unreachable venue', change: { reachError: 'ECONNREFUSED' }, failing: 'venue reachable', passes: false },
  { name: 'a clock offset beyond the bound', change: { clockOffsetMs: -1500 }, failing: 'clock offset', passes: false },
  { name: 'an unmeasured clock offset', change: { clockOffsetMs: undefined }, failing: 'clock offset', passes: false },
  { name: 'withdrawals enabled on the key', change: { restrictions: { ...healthy.restrictions, withdrawalsEnabled: true } }, failing: 'withdrawals disabled', passes: false },
  { name: 'no IP restriction', change: { restrictions: { ...healthy.restrictions, ipRestricted: false } }, failing: 'IP restriction on', passes: false },
  { name: 'restrictions the venue does not report (soft)', change: { restrictions: undefined }, failing: 'withdrawals disabled', passes: true },
  { name: 'futures trading off on the key', change: { restrictions: { ...healthy.restrictions, futuresTradingEnabled: false } }, failing: 'futures trading enabled', passes: false },
  { name: 'universal transfer enabled on the key', change: { restrictions: { ...healthy.restrictions, universalTransferEnabled: true } }, failing: 'universal transfer disabled', passes: false },
  { name: 'restrictions the venue reports but did not answer (fails closed)', change: { restrictions: undefined, restrictionsError: '503 Service Unavailable' }, failing: 'IP restriction on', passes: false },
  { name: 'hedge mode', change: { positionMode: 'HEDGE' }, failing: 'position mode one-way', passes: false },
  { name: 'cross margin on an open position', change: { symbolSettings: [{ symbol: 'BTCUSDT', marginMode: 'cross', leverage: 3, hasPosition: true }] }, failing: 'BTCUSDT margin and leverage', passes: false },
  { name: 'leverage 20x where 3x is configured', change: { symbolSettings: [{ symbol: 'BTCUSDT', marginMode: 'isolated', leverage: 20, hasPosition: true }] }, failing: 'BTCUSDT margin and leverage', passes: false },
];

describe('evaluateLaunchChecks', () => {
  test('passes a healthy account with every check ok', () => {
    const checks = evaluateLaunchChecks(healthy);
    assert.ok(checks.every((check) => check.ok), checks.filter((check) => !check.ok).map((check) => check.name).join(', '));
    assert.equal(launchPasses(checks), true);
  });
  for (const { name, change, failing, passes } of cases) {
    test(`flags ${name}`, () => {
      const checks = evaluateLaunchChecks({ ...healthy, ...change });
      const check = checks.find((candidate) => candidate.name === failing);
      assert.equal(check?.ok, false, `${failing} should not pass`);
      assert.equal(launchPasses(checks), passes, passes ? 'a soft verdict only warns' : 'a hard failure refuses the launch');
    });
  }
  test('with allowUnrestrictedKey (testnet), a key without an IP restriction warns instead of refusing', () => {
    const checks = evaluateLaunchChecks({ ...healthy, testnet: true, restrictions: { ...healthy.restrictions, ipRestricted: false } }, { allowUnrestrictedKey: true });
    const check = checks.find((candidate) => candidate.name === 'IP restriction on');
    assert.equal(check?.ok, false, 'the missing restriction is still reported');
    assert.equal(check?.severity, 'soft');
    assert.match(check?.detail ?? '', /--allow-unrestricted-key/);
    assert.equal(launchPasses(checks), true, 'a warning does not refuse the start');
  });
  test('allowUnrestrictedKey never lets withdrawals or transfers through', () => {
    for (const restrictions of [{ ...healthy.restrictions, withdrawalsEnabled: true }, { ...healthy.restrictions, universalTransferEnabled: true }]) {
      const checks = evaluateLaunchChecks({ ...healthy, testnet: true, restrictions }, { allowUnrestrictedKey: true });
      assert.equal(launchPasses(checks), false, `still refused: ${JSON.stringify(restrictions)}`);
    }
  });
  test('names why the clock offset could not be measured', () => {
    const check = evaluateLaunchChecks({ ...healthy, clockOffsetMs: undefined, clockError: 'offset must be at most 5000 ms, was 20000 ms' }).find((candidate) => candidate.name === 'clock offset');
    assert.equal(check?.ok, false);
    assert.match(check?.detail ?? '', /was 20000 ms/);
  });
  test('names the missing environment variable', () => {
    const check = evaluateLaunchChecks({ ...healthy, account: 'main-1', apiKeyPresent: false })[0];
    assert.match(check.detail, /RAMPART_ACCOUNT_MAIN_1_API_KEY/);
  });
});
