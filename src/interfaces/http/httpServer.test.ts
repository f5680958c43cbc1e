import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { riskEventOfDenial } from '../../engine/risk/riskEventRecords.ts';
import { ControlSurface, type RunnerProbe } from '../../app/services/controlSurface.ts';
import { statusReport } from '../../app/services/statusReport.ts';
import { recordOperatorCommandForConfig } from '../../app/services/operatorCommands.ts';
import { r1Config, ManualClock } from '../../../test/fixtures/paper/paperFixture.ts';
import { createHttpServer, type HttpServerOptions } from './createHttpServer.ts';
import { startHttpServer } from './startHttpServer.ts';

const NOW = Date.parse('2024-01-03T13:00:00Z');
const ADMIN = 'admin-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';

interface Served {
  readonly url: string;
  readonly store: TradeStore;
  readonly surface: ControlSurface;
  readonly loaded: ReturnType<typeof r1Config>['loaded'];
}

/** A real SQLite store behind a real server on an ephemeral port. */
async function withServer(options: HttpServerOptions & { runners?: () => readonly RunnerProbe[] }, body: (served: Served) => Promise<void>): Promise<void> {
  const { loaded, dir } = r1Config();
  const store = await SqliteTradeStore.open({ path: join(dir, 'http.sqlite') });
  const surface = new ControlSurface({ loaded, store, clock: new ManualClock(NOW), env: {}, adminActor: 'http-admin@test', ...(options.runners ? { runners: options.runners } : {}) });
  let app: FastifyInstance | undefined;
  try {
    app = await createHttpServer(surface, options);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await body({ url, store, surface, loaded });
  } finally {
    await app?.close();
    await store.close();
  }
}

async function seedAccount(store: TradeStore): Promise<void> {
  for (const [time, equity] of [['2024-01-01T00:00:00Z', '10000'], ['2024-01-03T00:00:00Z', '9800'], ['2024-01-03T12:00:00Z', '9604']] as const) {
    await store.recordEquitySnapshot({ account: 'default', atMs: Date.parse(time), equity, walletBalance: equity, unrealizedPnl: '0' });
  }
  await store.recordTradingState({ account: 'default', atMs: NOW - 3_600_000, state: 'HALTED', reason: 'emergency stop DAILY_DRAWDOWN: {"drawdownPct":2}', actor: 'emergency stop' });
  await store.recordRiskEvent(riskEventOfDenial({ timeMs: NOW - 60_000, sleeve: 's1', account: 'default', code: 'SPREAD_TOO_WIDE', figures: { spreadAtrFraction: 0.4, maxSpreadAtrFraction: 0.2 } }, { symbol: 'SOLUSDT', strategy: 'x', clientOrderId: null }));
  await store.recordIntent({ clientOrderId: 'rp-a', account: 'default', sleeve: 's1', symbol: 'SOLUSDT', strategy: 'x', side: 'BUY', quantity: '1', price: null, reduceOnly: false, createdAtMs: NOW - 120_000, state: 'SENT', stateChangedAtMs: NOW - 120_000 });
  await store.recordOrderUpdate({ clientOrderId: 'rp-a', account: 'default', symbol: 'SOLUSDT', venueOrderId: '1', status: 'FILLED', filledQuantity: '1', averagePrice: '100', atMs: NOW - 119_000, reason: null });
  await store.applyFill({ account: 'default', symbol: 'SOLUSDT', tradeId: 't1', clientOrderId: 'rp-a', venueOrderId: '1', side: 'BUY', quantity: '1', price: '100', fee: '0.1', atMs: NOW - 119_000 });
}

const post = (url: string, token: string | undefined, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

describe('HTTP server: health, readiness and metrics', () => {
  test('answers /health, and /ready 200 on a reachable store with no account HALTED', async () => {
    await withServer({}, async ({ url }) => {
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      const ready = await fetch(`${url}/ready`);
      const body = (await ready.json()) as { ready: boolean; reasons: string[] };
      assert.equal(ready.status, 200, `an empty store with nothing halted is ready, reasons: ${body.reasons.join('; ')}`);
      assert.equal(body.ready, true);
    });
  });

  test('/ready answers 503 naming a HALTED account and a runner that is not reconciled', async () => {
    let probes: RunnerProbe[] = [{ account: 'default', readiness: 'READY', lockLost: false }];
    await withServer({ runners: () => probes }, async ({ url, store }) => {
      assert.equal((await fetch(`${url}/ready`)).status, 200, 'a READY runner and nothing halted is ready');
      probes = [{ account: 'default', readiness: 'NOT_READY', lockLost: false }];
      const notReconciled = await fetch(`${url}/ready`);
      assert.equal(notReconciled.status, 503);
      assert.match(((await notReconciled.json()) as { reasons: string[] }).reasons.join('\n'), /default: NOT_READY/);
      probes = [{ account: 'default', readiness: 'READY', lockLost: false }];
      await store.recordTradingState({ account: 'default', atMs: NOW, state: 'HALTED', reason: 'desk halt', actor: 'ops' });
      const halted = await fetch(`${url}/ready`);
      assert.equal(halted.status, 503);
      assert.match(((await halted.json()) as { reasons: string[] }).reasons.join('\n'), /default is HALTED: desk halt/);
    });
  });

  test('/metrics exports the seeds\' names with the figures of the store', async () => {
    await withServer({}, async ({ url, store }) => {
      await seedAccount(store);
      const response = await fetch(`${url}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
      const text = await response.text();
      const sample = (line: string): void => assert.ok(text.split('\n').includes(line), `metrics carry "${line}"`);
      sample('ess_triggers_total{account="default",trigger="DAILY_DRAWDOWN"} 1');
      sample('risk_gate_decisions_total{account="default",decision="blocked",code="SPREAD_TOO_WIDE"} 1');
      sample('risk_gate_decisions_total{account="default",decision="allowed",code="NONE"} 1');
      sample('rampart_guardrail_rejections_total{account="default",guardrail="spread"} 1');
      sample('rampart_orders_total{account="default",result="filled"} 1');
      sample('rampart_equity{account="default"} 9604');
      sample('rampart_trading_state{account="default"} 2');
      sample('rampart_global_risk_status 2');
      sample('rampart_open_positions{account="default"} 1');
      sample('rampart_drawdown_ratio{account="default",window="daily"} 0.02');
      sample('ess_triggers_total{account="default",trigger="WEEKLY_DRAWDOWN"} 0');
      sample('rampart_protective_orders_total{account="default",result="rejected"} 0');
      assert.match(text, /rampart_drawdown_ratio\{account="default",window="running"\} 0\.0396/);
      for (const name of ['exchange_failover_events_total', 'rampart_stress_severity', 'rampart_decision_latency_seconds', 'process_cpu_user_seconds_total', 'rampart_profile_limit_used_ratio']) {
        assert.match(text, new RegExp(`# TYPE ${name} `), `${name} is exported`);
      }
    });
  });

  test('exports the win rate of the last round trips and the losing streak the playbook alerts on', async () => {
    await withServer({}, async ({ url, store }) => {
      // One win (100 → 110), then three losses: the streak is 3 and one of four trips won.
      const trips = [[100, 110], [100, 90], [100, 95], [100, 99]] as const;
      let trade = 0;
      for (const [index, [open, close]] of trips.entries()) {
        const atMs = NOW - 3_600_000 + index * 60_000;
        await store.applyFill({ account: 'default', symbol: 'ETHUSDT', tradeId: `w${trade++}`, clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '1', price: String(open), fee: '0', atMs });
        await store.applyFill({ account: 'default', symbol: 'ETHUSDT', tradeId: `w${trade++}`, clientOrderId: null, venueOrderId: null, side: 'SELL', quantity: '1', price: String(close), fee: '0', atMs: atMs + 1000 });
      }
      const text = await (await fetch(`${url}/metrics`)).text();
      assert.ok(text.includes('rampart_consecutive_losses{account="default"} 3'), 'three losses in a row');
      assert.ok(text.includes('rampart_win_rate_ratio{account="default"} 0.25'), 'one win in four');
      assert.ok(text.includes('rampart_recent_round_trips{account="default"} 4'));
    });
  });

  test('the decision-latency histogram counts what the runner wiring observes', async () => {
    await withServer({}, async ({ url, surface }) => {
      surface.observeDecisionLatency(0.03);
      surface.observeDecisionLatency(0.7);
      const text = await (await fetch(`${url}/metrics`)).text();
      assert.ok(text.includes('rampart_decision_latency_seconds_count 2'), 'two observations');
      assert.ok(text.includes('rampart_decision_latency_seconds_bucket{le="0.05"} 1'), 'one within 50 ms');
    });
  });
});

describe('HTTP server: JSON API', () => {
  test('/api/status is what `rampart status` computes from the same store', async () => {
    await withServer({}, async ({ url, store, loaded }) => {
      await seedAccount(store);
      const api = (await (await fetch(`${url}/api/status`)).json()) as { accounts: unknown };
      assert.deepEqual(api.accounts, JSON.parse(JSON.stringify(await statusReport(loaded, store, NOW))));
    });
  });

  test('pages trades, refuses a bad page or account with 400, and lists positions, orders, risk, incidents, reports and risk-guard', async () => {
    await withServer({}, async ({ url, store }) => {
      await seedAccount(store);
      await store.applyFill({ account: 'default', symbol: 'SOLUSDT', tradeId: 't2', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '1', price: '101', fee: '0.1', atMs: NOW - 100_000 });
      const trades = (await (await fetch(`${url}/api/trades?limit=1&offset=0`)).json()) as { total: number; items: Array<{ tradeId: string }> };
      assert.equal(trades.total, 2);
      assert.deepEqual(trades.items.map((fill) => fill.tradeId), ['t2'], 'newest first, one per page');
      const second = (await (await fetch(`${url}/api/trades?limit=1&offset=1`)).json()) as { items: Array<{ tradeId: string }> };
      assert.deepEqual(second.items.map((fill) => fill.tradeId), ['t1']);
      assert.equal((await fetch(`${url}/api/trades?limit=-1`)).status, 400);
      const badAccount = await fetch(`${url}/api/positions?account=nope`);
      assert.equal(badAccount.status, 400);
      assert.match(((await badAccount.json()) as { error: string }).error, /was "nope"/);
      const positions = (await (await fetch(`${url}/api/positions`)).json()) as { positions: Array<{ quantity: string }> };
      assert.deepEqual(positions.positions.map((position) => position.quantity), ['2']);
      const orders = (await (await fetch(`${url}/api/orders`)).json()) as { recent: { items: Array<{ status: string; sleeve: string }> } };
      assert.deepEqual(orders.recent.items.map((order) => [order.status, order.sleeve]), [['FILLED', 's1']]);
      const risk = (await (await fetch(`${url}/api/risk`)).json()) as { accounts: Array<{ use: { dayDrawdownLimitPct: number } }> };
      assert.equal(risk.accounts[0]?.use.dayDrawdownLimitPct, 2, 'the normal profile limit');
      for (const path of ['/api/incidents', '/api/decisions', '/api/reports?period=weekly', '/api/risk-guard']) assert.equal((await fetch(`${url}${path}`)).status, 200, path);
      assert.equal((await fetch(`${url}/api/reports?period=hourly`)).status, 400);
    });
  });

  test('with a read token, /api/ needs it while /health and /metrics stay open', async () => {
    await withServer({ readToken: READ }, async ({ url }) => {
      assert.equal((await fetch(`${url}/api/status`)).status, 401);
      assert.equal((await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${READ}` } })).status, 200);
      assert.equal((await fetch(`${url}/metrics`)).status, 200);
    });
  });
});

describe('HTTP server: admin kill switch', () => {
  test('is not mounted without a token', async () => {
    await withServer({}, async ({ url }) => {
      for (const path of ['/admin/kill-switch', '/api/admin/kill', '/admin/reset', '/admin/flatten', '/admin/go-live/deactivate']) {
        assert.equal((await post(`${url}${path}`, ADMIN, { reason: 'x' })).status, 404, `${path} is not mounted`);
      }
    });
  });

  test('401 without a token or with a wrong one, 403 with the read token, and nothing recorded', async () => {
    await withServer({ admin: { adminToken: ADMIN }, readToken: READ }, async ({ url, store }) => {
      const none = await post(`${url}/admin/kill-switch`, undefined, { reason: 'x' });
      assert.equal(none.status, 401);
      assert.deepEqual(await none.json(), { error: 'unauthorized' }, 'no detail');
      assert.equal((await post(`${url}/api/admin/kill`, `${ADMIN}x`, { reason: 'x' })).status, 401);
      assert.equal((await post(`${url}/api/admin/kill`, READ, { reason: 'x' })).status, 403);
      assert.equal((await post(`${url}/admin/reset`, READ, { reason: 'x' })).status, 403);
      assert.equal(await store.loadTradingState('default'), undefined, 'a refused kill records nothing');
      assert.deepEqual(await store.listIncidents(), []);
    });
  });

  test('the right token records the kill as `rampart kill` does: incident, HALTED with the reason, a flatten request', async () => {
    await withServer({ admin: { adminToken: ADMIN } }, async ({ url, store }) => {
      const response = await post(`${url}/admin/kill-switch`, ADMIN, { reason: 'exchange incident', flatten: true });
      assert.equal(response.status, 200);
      assert.deepEqual(((await response.json()) as { accounts: string[] }).accounts, ['default']);
      const state = await store.loadTradingState('default');
      assert.equal(state?.state, 'HALTED');
      assert.equal(state?.reason, 'exchange incident');
      assert.equal(state?.actor, 'http-admin@test');
      // What `rampart kill --flatten` records (its service on another store, same actor and time): the same rows.
      const { loaded: cliLoaded, dir } = r1Config();
      const cliStore = await SqliteTradeStore.open({ path: join(dir, 'cli.sqlite') });
      try {
        await recordOperatorCommandForConfig(cliLoaded, cliStore, { kind: 'kill', reason: 'exchange incident', flatten: true, actor: 'http-admin@test', nowMs: NOW });
        assert.deepEqual(await store.listIncidents(), await cliStore.listIncidents(), 'the same incidents as the CLI command');
        assert.deepEqual(await store.listTradingStateTransitions('default'), await cliStore.listTradingStateTransitions('default'), 'the same trading-state transition');
      } finally {
        await cliStore.close();
      }
      assert.deepEqual((await store.listIncidents()).map((incident) => [incident.kind, incident.detail.command]).sort(), [['manual_command', 'flatten'], ['manual_command', 'kill']]);
      const reset = await post(`${url}/api/admin/reset`, ADMIN, { reason: 'resolved' });
      assert.equal(reset.status, 200);
      assert.equal((await store.loadTradingState('default'))?.state, 'ACTIVE');
      assert.equal((await post(`${url}/api/admin/kill`, ADMIN, { reason: '  ' })).status, 400, 'a kill needs a reason');
      assert.equal((await post(`${url}/api/admin/kill`, ADMIN, { reason: 'x', account: 'nope' })).status, 400, 'an account the config does not trade');
    });
  });

  test('go-live deactivate records the switch and removes the flag, as `rampart go-live deactivate` does; refused without a go-live file', async () => {
    await withServer({ admin: { adminToken: ADMIN } }, async ({ url }) => {
      const response = await post(`${url}/api/admin/go-live/deactivate`, ADMIN, { reason: 'desk off' });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: string }).error, /--go-live FILE/);
    });
    const { loaded, dir } = r1Config();
    const goLivePath = join(dir, 'go-live.yaml');
    writeFileSync(goLivePath, 'activationEnabled: true\nflagFile: go_live.active\n');
    writeFileSync(join(dir, 'go_live.active'), '{}\n');
    const store = await SqliteTradeStore.open({ path: join(dir, 'golive.sqlite') });
    const app = await createHttpServer(new ControlSurface({ loaded, store, clock: new ManualClock(NOW), env: {}, adminActor: 'http-admin@test', goLivePath }), { admin: { adminToken: ADMIN } });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      assert.equal((await post(`${url}/api/admin/go-live/deactivate`, undefined, { reason: 'desk off' })).status, 401);
      assert.ok(existsSync(join(dir, 'go_live.active')), 'a refused call leaves the flag');
      const response = await post(`${url}/api/admin/go-live/deactivate`, ADMIN, { reason: 'desk off' });
      assert.equal(response.status, 200, await response.text());
      assert.ok(!existsSync(join(dir, 'go_live.active')), 'the flag file is removed');
      assert.deepEqual((await store.listGoLive()).map((record) => [record.account, record.kind, record.reason, record.actor]), [['default', 'DEACTIVATED', 'desk off', 'http-admin@test']]);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('rate-limits admin requests, bad tokens included, with 429', async () => {
    await withServer({ admin: { adminToken: ADMIN, maxRequestsPerWindow: 3, windowMs: 60_000 } }, async ({ url, store }) => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) statuses.push((await post(`${url}/api/admin/kill`, 'wrong-token-0123456789', { reason: 'guess' })).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      assert.equal((await post(`${url}/api/admin/kill`, ADMIN, { reason: 'late' })).status, 429, 'the right token waits out the window too');
      assert.equal(await store.loadTradingState('default'), undefined);
    });
  });

  test('refuses to start with a short admin token, naming the variable but not the value', async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'http.sqlite') });
    try {
      const surface = new ControlSurface({ loaded, store, clock: new ManualClock(NOW), env: {}, adminActor: 't' });
      await assert.rejects(startHttpServer(surface, { port: 0, env: { RAMPART_ADMIN_TOKEN: 'short-secret' }, say: () => undefined }), (error: Error) => /RAMPART_ADMIN_TOKEN must be at least 16/.test(error.message) && !error.message.includes('short-secret'));
    } finally {
      await store.close();
    }
  });
});
