import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect, createServer, type AddressInfo } from 'node:net';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';
import { startLiveCliHarness, type CliResult, type LiveCliHarness } from './liveCliHarness.ts';

// Finding 6 of issue 12 (RELIABILITY cases 9, 29-32 rehearsed from a terminal): with --base-url the
// websockets go to the local venue too, not to the production host.

async function assertTradedOverLocalStreams(harness: LiveCliHarness, run: CliResult): Promise<void> {
  assert.equal(run.code, 0, `run --real --ws --once exits 0, printed:\n${run.stdout}\n${run.stderr}`);
  const connects = harness.sim.wsEvents().filter((event) => event.kind === 'connect');
  assert.ok(connects.length >= 2, `the market and user-data streams connected to the local venue: ${JSON.stringify(connects)}`);
  const subscribed = harness.sim.wsEvents().flatMap((event) => (event.method === 'SUBSCRIBE' ? (event.params ?? []) : []));
  assert.ok(subscribed.includes('btcusdt@kline_1m'), `the kline stream of the traded symbol was subscribed at the local venue: ${subscribed.join(', ')}`);
  assert.ok(harness.sim.requests().some((request) => request.method === 'POST' && request.path === '/fapi/v1/listenKey'), 'the user-data stream got its listenKey from the local venue');
  assert.doesNotMatch(run.stdout + run.stderr, /fstream\.binance\.com|ENOTFOUND|getaddrinfo/, 'no stream was dialled at the production host');
  const position = harness.sim.state().positions.find((candidate) => candidate.symbol === 'BTCUSDT');
  assert.ok(position !== undefined && position.positionAmt > 0, 'the long reached the venue');
  await harness.reopenStore();
  await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
}

test('the real run --real --ws --base-url --once process trades with its websockets on the local venue (ws origin derived from --base-url)', async () => {
  const harness = await startLiveCliHarness();
  try {
    harness.pushBar(1);
    const run = await harness.cli(harness.runRealArgs('--ws', '--once', '--poll-seconds', '1'));
    await assertTradedOverLocalStreams(harness, run);
  } finally {
    await harness.close();
  }
});

test('an explicit --ws-url wins over the origin derived from --base-url', async () => {
  const harness = await startLiveCliHarness();
  // A TCP forwarder to the venue on another port: streams that pass through it came by --ws-url.
  let forwarded = 0;
  const forwarder = createServer((socket) => {
    forwarded++;
    const upstream = connect(Number(new URL(harness.sim.url).port), '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((done) => forwarder.listen(0, '127.0.0.1', done));
  try {
    harness.pushBar(1);
    const wsOrigin = `ws://127.0.0.1:${(forwarder.address() as AddressInfo).port}`;
    const run = await harness.cli(harness.runRealArgs('--ws', '--ws-url', wsOrigin, '--once', '--poll-seconds', '1'));
    await assertTradedOverLocalStreams(harness, run);
    const connects = harness.sim.wsEvents().filter((event) => event.kind === 'connect').length;
    assert.equal(forwarded, connects, `every stream connection (${connects}) came through the --ws-url origin, none straight to the --base-url port`);
  } finally {
    forwarder.close();
    await harness.close();
  }
});

test('a --ws-url with a path, an http one, or one without --base-url exits 2 naming what to do, before any request', async () => {
  const harness = await startLiveCliHarness();
  try {
    const before = harness.sim.requests().length;
    const withPath = await harness.cli(harness.runRealArgs('--ws', '--ws-url', harness.sim.wsUrl, '--once'));
    assert.equal(withPath.code, 2, `exit 2, printed:\n${withPath.stderr}`);
    assert.match(withPath.stderr, new RegExp(`--ws-url takes an origin: use ${new URL(harness.sim.wsUrl).origin.replace(/^http/, 'ws').replace(/[.]/g, '\\.')}`));
    const http = await harness.cli(harness.runRealArgs('--ws', '--ws-url', harness.sim.url, '--once'));
    assert.equal(http.code, 2, `exit 2, printed:\n${http.stderr}`);
    assert.match(http.stderr, /--ws-url must be an origin such as ws:\/\/127\.0\.0\.1:9000/);
    const alone = await harness.cli(['run', '--real', '-c', harness.configPath, '--state-dir', harness.stateDir, '--ws', '--ws-url', 'ws://127.0.0.1:9', '--once']);
    assert.equal(alone.code, 2, `exit 2, printed:\n${alone.stderr}`);
    assert.match(alone.stderr, /--ws-url needs --base-url: REST and websockets must reach the same venue/, 'streams of one venue never drive orders on another');
    assert.equal(harness.sim.requests().length, before, 'nothing reached the venue');
  } finally {
    await harness.close();
  }
});

test('run --help shows --base-url, --ws-url and --allow-unrestricted-key; check --help shows --base-url', async () => {
  const harness = await startLiveCliHarness();
  try {
    const run = await harness.cli(['run', '--help']);
    for (const option of ['--base-url <url>', '--ws-url <url>', '--allow-unrestricted-key']) assert.ok(run.stdout.includes(option), `run --help lists ${option}:\n${run.stdout}`);
    const check = await harness.cli(['check', '--help']);
    assert.ok(check.stdout.includes('--base-url <url>'), `check --help lists --base-url:\n${check.stdout}`);
  } finally {
    await harness.close();
  }
});
