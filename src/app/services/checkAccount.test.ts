import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startVenueSim, type SimApiRestrictions, type VenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { validateConfig } from '../config/loadConfig.ts';
import { checkAccount } from './checkAccount.ts';

const config = validateConfig(
  { name: 'check-test', market: { type: 'futures', leverage: 3 }, sleeves: [{ name: 'btc', symbol: 'BTCUSDT', weight: 1, strategy: 'buy_and_hold', account: 'main' }] },
  'check-test.yaml',
);
const keys = { RAMPART_ACCOUNT_MAIN_API_KEY: API_KEY, RAMPART_ACCOUNT_MAIN_API_SECRET: API_SECRET };
const PERMISSION_CHECKS = ['futures trading enabled', 'withdrawals disabled', 'universal transfer disabled', 'IP restriction on'];

/** RELIABILITY.md case 36: any permission the venue reports wrong refuses the launch (FAIL, exit 1). */
const permissionCases: Array<{ key: string; restrictions: Partial<SimApiRestrictions>; failing: string }> = [
  { key: 'futures trading off', restrictions: { enableFutures: false }, failing: 'futures trading enabled' },
  { key: 'withdrawals on', restrictions: { enableWithdrawals: true }, failing: 'withdrawals disabled' },
  { key: 'universal transfer on', restrictions: { permitsUniversalTransfer: true }, failing: 'universal transfer disabled' },
  // A trade-only key still drains an account through illiquid trades (3Commas, §4): trusted IPs are required.
  { key: 'no IP restriction', restrictions: { ipRestrict: false }, failing: 'IP restriction on' },
];

describe('checkAccount against the local venue', () => {
  let sim: VenueSim;
  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  });
  after(async () => {
    await sim.close();
  });

  test('passes every check of a one-way account whose key has futures on, withdrawals and transfers off and trusted IPs only', async () => {
    const result = await checkAccount({ config, configPath: 'check-test.yaml', baseUrl: sim.url, env: keys });
    assert.deepEqual(result.checks.filter((check) => !check.ok), [], 'no check fails or warns');
    assert.equal(result.passed, true);
    assert.ok(result.checks.some((check) => check.name === 'venue reachable' && check.ok));
    for (const name of PERMISSION_CHECKS) {
      const check = result.checks.find((candidate) => candidate.name === name);
      assert.equal(check?.severity, 'hard', `${name} is a verdict from the venue's answer, not "unknown"`);
      assert.equal(check?.ok, true, `${name}: ${check?.detail}`);
    }
    const asked = sim.requests().filter((request) => request.path === '/sapi/v1/account/apiRestrictions');
    assert.equal(asked.at(-1)?.status, 200, 'the permissions came from the signed SAPI endpoint');
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

/** Each case on its own venue, concurrently: a check spends most of its ~1.7 s in ccxt's request throttle. */
describe('checkAccount: key permissions the venue reports', { concurrency: true }, () => {
  async function checkOn(restrictions: Partial<SimApiRestrictions>, prepare?: (sim: VenueSim) => void) {
    const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, apiRestrictions: restrictions });
    try {
      prepare?.(sim);
      return await checkAccount({ config, configPath: 'check-test.yaml', baseUrl: sim.url, env: keys });
    } finally {
      await sim.close();
    }
  }

  for (const { key, restrictions, failing } of permissionCases) {
    test(`fails a key with ${key}`, async () => {
      const result = await checkOn(restrictions);
      const check = result.checks.find((candidate) => candidate.name === failing);
      assert.equal(check?.ok, false, `${failing} should fail: ${check?.detail}`);
      assert.equal(check?.severity, 'hard');
      assert.equal(result.passed, false, 'the launch is refused');
      const others = result.checks.filter((candidate) => PERMISSION_CHECKS.includes(candidate.name) && candidate.name !== failing);
      assert.ok(others.every((candidate) => candidate.ok), `only ${failing} fails: ${others.filter((candidate) => !candidate.ok).map((candidate) => candidate.name).join(', ')}`);
    });
  }

  test('fails closed when the venue that reports permissions does not answer for them', async () => {
    const result = await checkOn({}, (sim) => sim.inject({ kind: 'http5xx', status: 503, path: 'GET /sapi/v1/account/apiRestrictions' }));
    for (const name of PERMISSION_CHECKS) {
      const check = result.checks.find((candidate) => candidate.name === name);
      assert.equal(check?.ok, false, `${name} cannot pass unread`);
      assert.equal(check?.severity, 'hard', `${name} is a failure, not a warning`);
      assert.match(check?.detail ?? '', /could not be read/);
    }
    assert.equal(result.passed, false);
  });
});
