import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SimApiRestrictions } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';
import { startLiveCliHarness, type LiveCliHarness } from './liveCliHarness.ts';

// Finding 5 of issue 12 (RELIABILITY cases 36, 37): `run --real` enforces the go-live checks of `rampart check`.

const ORDER_PATHS = ['/fapi/v1/order', '/fapi/v1/batchOrders', '/fapi/v1/algoOrder'];

function ordersSent(harness: LiveCliHarness): string[] {
  return harness.sim
    .requests()
    .filter((request) => request.method !== 'GET' && ORDER_PATHS.includes(request.path))
    .map((request) => `${request.method} ${request.path}`);
}

async function assertRefusedAndNothingSent(harness: LiveCliHarness, run: { code: number | null; stdout: string; stderr: string }, failing: RegExp): Promise<void> {
  assert.equal(run.code, 1, `a failed go-live check exits 1, printed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stderr, failing, 'the refusal names the failed check and what the venue reported');
  assert.match(run.stderr, /no order was sent/);
  assert.deepEqual(ordersSent(harness), [], 'no order reached the venue');
  const venue = harness.sim.state();
  assert.ok(venue.positions.every((position) => position.positionAmt === 0), 'the venue account stays flat');
  await harness.reopenStore();
  await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
}

const refusals: Array<{ key: string; restrictions: Partial<SimApiRestrictions>; failing: RegExp }> = [
  { key: 'withdrawals enabled', restrictions: { enableWithdrawals: true }, failing: /withdrawals disabled: ON: a trading key must not withdraw/ },
  { key: 'no IP restriction', restrictions: { ipRestrict: false }, failing: /IP restriction on: OFF: restrict the key to trusted IPs/ },
  { key: 'universal transfer enabled', restrictions: { permitsUniversalTransfer: true }, failing: /universal transfer disabled: ON/ },
  { key: 'futures trading off', restrictions: { enableFutures: false }, failing: /futures trading enabled: off/ },
];

for (const { key, restrictions, failing } of refusals) {
  test(`the real run --real process refuses a key with ${key}, sends no order, and store and venue agree`, async () => {
    const harness = await startLiveCliHarness();
    try {
      harness.sim.setApiRestrictions(restrictions);
      harness.pushBar(1);
      const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
      await assertRefusedAndNothingSent(harness, run, failing);
      assert.ok(
        harness.sim.requests().some((request) => request.path === '/sapi/v1/account/apiRestrictions' && request.status === 200),
        "the verdict came from the venue's report of the key's permissions",
      );
    } finally {
      await harness.close();
    }
  });
}

test('the real run --real process refuses a clock offset beyond the bound, naming the offset, and sends no order', async () => {
  const harness = await startLiveCliHarness();
  try {
    harness.sim.inject({ kind: 'clockSkewMs', ms: 20_000 });
    harness.pushBar(1);
    const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    harness.sim.clearFaults();
    await assertRefusedAndNothingSent(harness, run, /clock offset: .*must be at most 5000 ms, was (19|20)\d{3} ms/);
  } finally {
    await harness.close();
  }
});

test('--allow-unrestricted-key without --testnet exits 2 before reaching the venue; a local --base-url is not the testnet', async () => {
  const harness = await startLiveCliHarness();
  try {
    harness.sim.setApiRestrictions({ ipRestrict: false });
    harness.pushBar(1);
    const before = harness.sim.requests().length;
    const run = await harness.cli(harness.runRealArgs('--once', '--allow-unrestricted-key'));
    assert.equal(run.code, 2, `bad input exits 2, printed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /--allow-unrestricted-key is for the testnet only: add --testnet/);
    assert.equal(harness.sim.requests().length, before, 'not a single request reached the venue');
    await harness.reopenStore();
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
  } finally {
    await harness.close();
  }
});

test('a well-set key passes the checks and the same process trades (the checks let a good start through)', async () => {
  const harness = await startLiveCliHarness();
  try {
    harness.pushBar(1);
    const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
    assert.equal(run.code, 0, `run --real --once exits 0, printed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /launch_checks_passed/, 'the passed checks are logged');
    const restrictionsRead = harness.sim.requests().findIndex((request) => request.path === '/sapi/v1/account/apiRestrictions');
    const firstOrder = harness.sim.requests().findIndex((request) => request.method === 'POST' && request.path === '/fapi/v1/order');
    assert.ok(restrictionsRead >= 0 && firstOrder > restrictionsRead, 'the key permissions were read before the first order');
    await harness.reopenStore();
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
  } finally {
    await harness.close();
  }
});

test('a config edited after its hash was approved refuses the start (exit 1, both hashes named), nothing sent; the approved file trades', async () => {
  const harness = await startLiveCliHarness();
  try {
    const approved = await harness.cli(['config', 'hash', harness.configPath]);
    const approvedSha256 = /[0-9a-f]{64}/.exec(approved.stdout)?.[0];
    assert.ok(approvedSha256 !== undefined, `config hash prints the SHA-256: ${approved.stdout}`);
    const original = readFileSync(harness.configPath, 'utf8');
    writeFileSync(harness.configPath, original.replace('weight: 0.05', 'weight: 0.5'));
    harness.pushBar(1);
    const tampered = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1', '--config-sha256', approvedSha256));
    assert.equal(tampered.code, 1, `a changed config exits 1, printed:\n${tampered.stdout}\n${tampered.stderr}`);
    assert.match(tampered.stderr, new RegExp(`the config file differs from the approved one \\(sha256 [0-9a-f]{64}, approved ${approvedSha256}\\): no order was sent`));
    assert.deepEqual(ordersSent(harness), [], 'no order reached the venue');
    writeFileSync(harness.configPath, original);
    const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1', '--config-sha256', approvedSha256.toUpperCase()));
    assert.equal(run.code, 0, `the approved file trades, printed:\n${run.stdout}\n${run.stderr}`);
    assert.ok(ordersSent(harness).length > 0, 'the entry went out');
    await harness.reopenStore();
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
  } finally {
    await harness.close();
  }
});

test('live trading on the production venue without --config-sha256 exits 2 naming how to get the hash, before any request', async () => {
  const harness = await startLiveCliHarness();
  try {
    const run = await harness.cli(['run', '--real', '--once', '-c', harness.configPath, '--state-dir', harness.stateDir]);
    assert.equal(run.code, 2, `exit 2, printed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /--config-sha256 \(or --rules with the pinned hash\) is required for live trading: pass the SHA-256 `rampart config hash .*config\.yaml` printed when the config was approved/);
    assert.doesNotMatch(run.stdout, /venue_selected/, 'no venue was contacted');
  } finally {
    await harness.close();
  }
});
