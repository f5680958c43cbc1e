import assert from 'node:assert/strict';
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ACCOUNT } from './liveTestSupport.ts';
import { startGateCliFixture } from './gateTestSupport.ts';
import { stopAll } from './liveCliScenario.ts';

// Issue 14, the live rehearsal: the real `run --real --once` process against the local venue, gated by
// the go-live file. Not active: an entry is ORDER_SKIPPED and never reaches the venue, while a
// reduce-only exit and a protective stop do; activated: the next signal trades; flag deleted: the
// next entry is skipped again, without any restart of the switch.

const ORDER_PATHS = new Set(['/fapi/v1/order', '/fapi/v1/algoOrder', '/fapi/v1/batchOrders']);

test('GO-LIVE gates real-mode entries at each decision: skipped while not active, traded once activated, skipped again when the flag is deleted', async () => {
  // The paper record comes from a real paper session in the paper runner's own store.
  const fixture = await startGateCliFixture({ paperSession: true });
  const { harness } = fixture;
  try {
    const goLivePath = join(harness.dir, 'go-live.yaml');
    writeFileSync(goLivePath, 'activationEnabled: true\nflagFile: go_live.active\n');
    const flagPath = join(harness.dir, 'go_live.active');
    const run = async () => {
      const since = harness.sim.requests().length;
      const result = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1', '--go-live', goLivePath, '--rules', fixture.rulesPath));
      assert.equal(result.code, 0, `run --real --once exits 0, printed:\n${result.stdout.slice(-3000)}\n${result.stderr}`);
      const orders = harness.sim
        .requests()
        .slice(since)
        .filter((request) => request.method === 'POST' && ORDER_PATHS.has(request.path));
      return { result, orders };
    };
    const skipped = async () => (await harness.store.listRiskEvents({ account: ACCOUNT })).filter((event) => event.code === 'ORDER_SKIPPED');
    const position = () => harness.sim.state().positions.find((candidate) => candidate.symbol === 'BTCUSDT')?.positionAmt ?? 0;
    const openStops = () => harness.sim.state().orders.filter((order) => order.isAlgo && order.status === 'NEW');
    assert.equal(position(), 0.008, 'the live session holds a long');

    // Never activated: a short signal closes the long reduce-only; its short entry is skipped.
    harness.pushBar(2);
    const first = await run();
    assert.equal(position(), 0, 'the reduce-only exit reached the venue');
    assert.equal(first.orders.length, 1, `one order went out, the exit: ${JSON.stringify(first.orders)}`);
    assert.match(first.result.stdout, /order_skipped/);
    await harness.reopenStore();
    const afterFirst = await skipped();
    assert.equal(afterFirst.length, 1, 'the short entry was recorded as ORDER_SKIPPED');
    assert.match(String(afterFirst[0].detail.reason), /GO-LIVE not active: no flag file/);

    // Activate: the launch guard allows it, the switch is stored and the flag written; the next signal trades.
    const activation = await harness.cli(['go-live', 'activate', '-c', harness.configPath, '--rules', fixture.rulesPath, '--go-live', goLivePath, '--state-dir', harness.stateDir, '--testnet-state-dir', join(harness.dir, 'testnet'), '--paper-state-dir', join(harness.dir, 'paper'), '--base-url', harness.sim.url, '--reason', 'stage 1 rehearsal', '--approved-by', 'alice']);
    assert.equal(activation.code, 0, `activation succeeds, printed:\n${activation.stdout}\n${activation.stderr}`);
    assert.match(activation.stdout, /ALLOW_LAUNCH[\s\S]*GO-LIVE ACTIVATED/);
    assert.ok(existsSync(flagPath), 'the flag file was written');
    harness.pushBar(1);
    const second = await run();
    assert.equal(position(), 0.004, 'the entry reached the venue, sized from min(wallet 10,000, stage 1 capital 5,000): 0.05 × 5000 / 60000 floored to 0.001');
    assert.equal(openStops().length, 1, 'with its protective stop');
    assert.equal(second.orders.length, 2);

    // Flag deleted (no restart of anything): the protective stop still goes out, the next entry is skipped.
    rmSync(flagPath);
    const gateway = harness.gateway();
    await gateway.connect();
    await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: String(openStops()[0].clientOrderId), conditional: true });
    assert.equal(openStops().length, 0);
    harness.pushBar(1);
    const third = await run();
    assert.equal(openStops().length, 1, `the protective stop was placed again while not active: ${JSON.stringify(third.orders)}`);
    harness.pushBar(2);
    const fourth = await run();
    assert.equal(position(), 0, 'the reduce-only exit went out');
    assert.equal(fourth.orders.length, 1, `only the exit went out: ${JSON.stringify(fourth.orders)}`);
    await harness.reopenStore();
    const afterFourth = await skipped();
    assert.equal(afterFourth.length, 2, 'the short entry was skipped');
    assert.match(String(afterFourth[1].detail.reason), /no flag file/);
    assert.ok(harness.sim.state().positions.every((candidate) => candidate.positionAmt >= 0), 'no short was ever opened');
  } finally {
    await stopAll(harness);
    await fixture.testnetStore.close().catch(() => undefined);
  }
});

test('run --real --rules refuses a config whose bytes differ from the pinned one, naming both hashes, the file and git checkout, and sends nothing', async () => {
  const fixture = await startGateCliFixture({ liveSession: false });
  const { harness } = fixture;
  try {
    appendFileSync(harness.configPath, '\n# edited\n');
    const since = harness.sim.requests().length;
    harness.pushBar(1);
    const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1', '--rules', fixture.rulesPath));
    assert.equal(run.code, 1, `refused, printed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, new RegExp(`sha256 [0-9a-f]{64}, the pin is ${harness.loaded.sha256}`));
    assert.match(run.stderr, /git checkout -- config\.yaml/);
    assert.match(run.stderr, /no order was sent/);
    assert.equal(harness.sim.requests().slice(since).filter((request) => request.method === 'POST' && ORDER_PATHS.has(request.path)).length, 0);
  } finally {
    await stopAll(harness);
    await fixture.testnetStore.close().catch(() => undefined);
  }
});
