import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startVenueSim, type VenueSim } from '../../../adapters/exchange/venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../../../adapters/exchange/venueSim/venueSimFixtures.ts';
import { main } from '../main.ts';

/** Runs the CLI in this process with the account's keys in the environment, capturing stdout. */
async function rampartCheck(args: string[]): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const env = { RAMPART_ACCOUNT_MAIN_API_KEY: API_KEY, RAMPART_ACCOUNT_MAIN_API_SECRET: API_SECRET };
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    return { code: await main(['check', ...args]), stdout: out.join('') };
  } finally {
    process.stdout.write = writeOut;
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('rampart check -c FILE against the local venue', () => {
  let sim: VenueSim;
  let dir: string;
  let configPath: string;
  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    dir = mkdtempSync(join(tmpdir(), 'rampart-check-cli-'));
    configPath = join(dir, 'check.yaml');
    writeFileSync(configPath, ['name: check-cli', 'market: {type: futures, leverage: 3}', 'sleeves:', '  - {name: btc, symbol: BTCUSDT, weight: 1, strategy: buy_and_hold, account: main}'].join('\n'));
  });
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('exits 0 and prints PASS for each key permission of a well-set key', async () => {
    const { code, stdout } = await rampartCheck(['-c', configPath, '--base-url', sim.url]);
    assert.equal(code, 0, stdout);
    for (const name of ['futures trading enabled', 'withdrawals disabled', 'universal transfer disabled', 'IP restriction on']) {
      assert.match(stdout, new RegExp(`^PASS +${name} `, 'm'), `${name} passes`);
    }
    assert.doesNotMatch(stdout, /^(FAIL|WARN) /m);
  });

  test('exits 1 and prints FAIL when the key may withdraw', async () => {
    sim.setApiRestrictions({ enableWithdrawals: true });
    try {
      const { code, stdout } = await rampartCheck(['-c', configPath, '--base-url', sim.url]);
      assert.equal(code, 1, stdout);
      assert.match(stdout, /^FAIL +withdrawals disabled +ON: a trading key must not withdraw/m);
      assert.match(stdout, /do not go live/);
      assert.ok(!stdout.includes(API_SECRET), 'the secret is not printed');
    } finally {
      sim.setApiRestrictions({ enableWithdrawals: false });
    }
  });
});
