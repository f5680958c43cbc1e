import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startVenueSim, type VenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { validateConfig } from '../config/loadConfig.ts';
import { checkAccount } from './checkAccount.ts';

const config = validateConfig(
  { name: 'check-test', market: { type: 'futures', leverage: 3 }, sleeves: [{ name: 'btc', symbol: 'BTCUSDT', weight: 1, strategy: 'buy_and_hold', account: 'main' }] },
  'check-test.yaml',
);
const keys = { RAMPART_ACCOUNT_MAIN_API_KEY: API_KEY, RAMPART_ACCOUNT_MAIN_API_SECRET: API_SECRET };

describe('checkAccount against the local venue', () => {
  let sim: VenueSim;
  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  });
  after(async () => {
    await sim.close();
  });

  test('passes the hard checks of a one-way account with keys, and reports unreported key restrictions as soft', async () => {
    const result = await checkAccount({ config, configPath: 'check-test.yaml', baseUrl: sim.url, env: keys });
    const failed = result.checks.filter((check) => !check.ok && check.severity === 'hard');
    assert.deepEqual(failed, [], 'no hard check fails');
    assert.equal(result.passed, true);
    assert.ok(result.checks.some((check) => check.name === 'venue reachable' && check.ok));
  });

  test('fails without keys and makes no request', async () => {
    const before = sim.requests().length;
    const result = await checkAccount({ config, configPath: 'check-test.yaml', baseUrl: sim.url, env: {} });
    assert.equal(result.passed, false);
    assert.equal(result.checks.find((check) => check.name === 'keys present')?.ok, false);
    assert.equal(sim.requests().length, before, 'nothing was sent');
  });

  test('fails a wrong secret on the first signed request', async () => {
    const result = await checkAccount({ config, configPath: 'check-test.yaml', baseUrl: sim.url, env: { ...keys, RAMPART_ACCOUNT_MAIN_API_SECRET: 'wrong-secret-value' } });
    assert.equal(result.passed, false, 'a bad signature cannot pass');
  });

  test('fails a clock beyond the bound', async () => {
    sim.inject({ kind: 'clockSkewMs', ms: 20_000 });
    try {
      const result = await checkAccount({ config, configPath: 'check-test.yaml', baseUrl: sim.url, env: keys, maxClockOffsetMs: 1000 });
      const clock = result.checks.find((check) => check.name === 'clock offset');
      assert.equal(clock?.ok, false, clock?.detail);
    } finally {
      sim.clearFaults();
    }
  });
});
