import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { launchBrowser } from '../../../test/support/browser.ts';
import { ACCOUNT } from './liveTestSupport.ts';
import { startLiveCliHarness } from './liveCliHarness.ts';
import { loggedEvents, stopAll, stopChild, waitFor, withLiveSection } from './liveCliScenario.ts';

const ADMIN_TOKEN = 'drill-admin-token-0123456789';

/** A port free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('HTTP server in the runner\'s process and over its store (issue 16)', () => {
  test('run --real --http: /ready follows the runner, the admin kill halts it and /metrics shows it; serve answers status as `rampart status` prints it', async () => {
    const harness = await startLiveCliHarness();
    try {
      withLiveSection(harness, { commandCheckMs: 300 });
      harness.pushBar(1);
      const first = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
      assert.equal(first.code, 0, `a first bar trades:\n${first.stderr}`);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1', '--http', String(port)), { env: { RAMPART_ADMIN_TOKEN: ADMIN_TOKEN } });
      await waitFor('the server to answer /health', async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, { child });
      await waitFor('the runner to reconcile', () => loggedEvents(child).includes('reconciled'), { child });
      await waitFor('/ready to answer 200 once the runner is READY', async () => (await getJson(`${url}/ready`)).status === 200, { child });
      assert.ok(!child.stderr().includes(ADMIN_TOKEN) && !child.stdout().includes(ADMIN_TOKEN), 'the token never reaches the output');

      const metrics = await (await fetch(`${url}/metrics`)).text();
      assert.match(metrics, new RegExp(`rampart_orders_total\\{account="${ACCOUNT}",result="filled"\\} [1-9]`), 'the first bar\'s filled entry is counted');
      assert.match(metrics, new RegExp(`rampart_trading_state\\{account="${ACCOUNT}"\\} 0`), 'ACTIVE');

      const dashboard = (await getJson(`${url}/api/dashboard`)).body as { globalRiskStatus: string; health: { clockOffsetMs: number | null; venue: string } };
      assert.ok(Number.isFinite(dashboard.health.clockOffsetMs), `the runner's measured clock offset reaches the health panel, was ${dashboard.health.clockOffsetMs}`);
      assert.match(dashboard.health.venue, new RegExp(`${ACCOUNT} reachable, reconciled`));
      assert.equal((await fetch(`${url}/dashboard/`)).status, 200, 'the dashboard page is served by the runner\'s process');

      const refused = await fetch(`${url}/api/admin/kill`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token-000000' }, body: JSON.stringify({ reason: 'guess' }) });
      assert.equal(refused.status, 401);
      const kill = await fetch(`${url}/api/admin/kill`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ reason: 'drill from the phone' }) });
      assert.equal(kill.status, 200, await kill.text());
      const ready = await getJson(`${url}/ready`);
      assert.equal(ready.status, 503, 'a HALTED account is not ready');
      assert.match(JSON.stringify(ready.body), /HALTED: drill from the phone/);
      assert.match(await (await fetch(`${url}/metrics`)).text(), new RegExp(`rampart_trading_state\\{account="${ACCOUNT}"\\} 2`), 'the metrics show HALTED');
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(`${url}/dashboard/`);
        await page.waitForSelector(`#ess-rows tr[data-account="${ACCOUNT}"] .state[data-level="HALTED"]`, { timeout: 30_000 });
        assert.equal(await page.textContent('#global-risk'), 'CRITICAL', 'a HALTED account is CRITICAL');
        assert.match((await page.textContent('#health-clock')) ?? '', /^-?\d+ ms$/, 'the runner\'s clock offset');
        assert.deepEqual(browser.errors, [], 'the dashboard in the runner\'s process runs without a console error');
      } finally {
        await browser.close();
      }
      const stopped = await stopChild(child);
      assert.equal(stopped.code, 0, `the runner and its server stop cleanly:\n${stopped.stderr}`);
      assert.equal((await fetch(`${url}/health`).catch(() => undefined))?.status, undefined, 'the server went with the runner');

      const servePort = await freePort();
      const serve = harness.spawnCli(['serve', '-c', harness.configPath, '--state-dir', harness.stateDir, '--port', String(servePort)]);
      await waitFor('serve to answer', async () => (await fetch(`http://127.0.0.1:${servePort}/health`).catch(() => undefined))?.status === 200, { child: serve });
      const api = (await getJson(`http://127.0.0.1:${servePort}/api/status`)).body as { accounts: Array<{ account: string; tradingState: string; positions: unknown[]; equity: number | null }> };
      const status = await harness.cli(['status', '--json', '-c', harness.configPath, '--state-dir', harness.stateDir]);
      const printed = JSON.parse(status.stdout) as Array<{ account: string; tradingState: string; positions: unknown[]; equity: number | null }>;
      const essentials = (rows: typeof printed): unknown => rows.map((row) => [row.account, row.tradingState, row.equity, row.positions]);
      assert.deepEqual(essentials(api.accounts), essentials(printed), 'the HTTP status is what `rampart status` prints');
      assert.equal((await fetch(`http://127.0.0.1:${servePort}/api/admin/kill`, { method: 'POST' })).status, 404, 'no admin routes without RAMPART_ADMIN_TOKEN');
      await stopChild(serve);
    } finally {
      await stopAll(harness);
    }
  });
});
