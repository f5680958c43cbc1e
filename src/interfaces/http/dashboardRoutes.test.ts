import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { loadStressScenarios } from '../../app/config/loadStressScenarios.ts';
import { ControlSurface } from '../../app/services/controlSurface.ts';
import type { DashboardSnapshot } from '../../app/services/dashboardSnapshot.ts';
import type { EquityPoint } from '../../app/services/equityCurve.ts';
import type { ObservedFigures } from '../../app/services/observedFigures.ts';
import type { StressSummary } from '../../app/services/stressSummary.ts';
import type { AccountStatus } from '../../app/services/statusReport.ts';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { riskEventOfDenial } from '../../engine/risk/riskEventRecords.ts';
import type { FillRecord, PositionRecord, TradeStore } from '../../ports/tradeStore.ts';
import { launchBrowser, type BrowserSession } from '../../../test/support/browser.ts';
import { r1Config, ManualClock } from '../../../test/fixtures/paper/paperFixture.ts';
import { createHttpServer } from './createHttpServer.ts';

const NOW = Date.parse('2024-01-03T13:00:00Z');
const HOUR_MS = 3_600_000;
const ADMIN = 'admin-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';
const SCENARIOS = fileURLToPath(new URL('../../../config/stress-scenarios.yaml', import.meta.url));

/** 30 hourly SOLUSDT bars closing at 100 with a range of 4 (ATR 4): the marks the stress reads. */
function solBars(): ReplayMarketFeed {
  const series = allocateCandleSeries('SOLUSDT', '1h', 30);
  for (let index = 0; index < 30; index++) {
    series.time[index] = NOW - (30 - index) * HOUR_MS;
    series.open[index] = 100;
    series.high[index] = 102;
    series.low[index] = 98;
    series.close[index] = 100;
    series.volume[index] = 1000;
  }
  return new ReplayMarketFeed(new Map([[ReplayMarketFeed.key('SOLUSDT', '1h'), series]]));
}

/**
 * A store as a runner leaves it: an equity curve with a drawdown, an emergency stop since reset, a
 * blocked and two allowed entries, an open SOL long with its protective stop, and a closed ETH round trip.
 */
async function seed(store: TradeStore): Promise<void> {
  const curve = [10_000, 10_150, 10_080, 9_900, 9_950, 10_020];
  for (const [index, equity] of curve.entries()) {
    await store.recordEquitySnapshot({ account: 'default', atMs: NOW - (curve.length - index) * HOUR_MS, equity: String(equity), walletBalance: String(equity), unrealizedPnl: '0' });
  }
  await store.recordTradingState({ account: 'default', atMs: NOW - 4 * HOUR_MS, state: 'HALTED', reason: 'emergency stop DAILY_DRAWDOWN: {"drawdownPct":2}', actor: 'emergency stop' });
  await store.recordTradingState({ account: 'default', atMs: NOW - 3 * HOUR_MS, state: 'ACTIVE', reason: 'reviewed, resumed', actor: 'ops' });
  await store.recordRiskEvent(riskEventOfDenial({ timeMs: NOW - 2 * HOUR_MS, sleeve: 'SOL', account: 'default', code: 'SPREAD_TOO_WIDE', figures: { spreadAtrFraction: 0.4, maxSpreadAtrFraction: 0.2 } }, { symbol: 'SOLUSDT', strategy: 'tsmom_ema', clientOrderId: null }));
  const intent = (clientOrderId: string, symbol: string, side: 'BUY' | 'SELL', quantity: string, price: string | null, reduceOnly: boolean, atMs: number) =>
    store.recordIntent({ clientOrderId, account: 'default', sleeve: symbol.slice(0, 3), symbol, strategy: 'x', side, quantity, price, reduceOnly, createdAtMs: atMs, state: 'SENT', stateChangedAtMs: atMs });
  await intent('rp-eth-in', 'ETHUSDT', 'BUY', '1', null, false, NOW - 5 * HOUR_MS);
  await store.applyFill({ account: 'default', symbol: 'ETHUSDT', tradeId: 'e1', clientOrderId: 'rp-eth-in', venueOrderId: '11', side: 'BUY', quantity: '1', price: '3000', fee: '1.5', atMs: NOW - 5 * HOUR_MS });
  await store.applyFill({ account: 'default', symbol: 'ETHUSDT', tradeId: 'e2', clientOrderId: null, venueOrderId: '12', side: 'SELL', quantity: '1', price: '3100', fee: '1.55', atMs: NOW - 4 * HOUR_MS - 60_000 });
  await intent('rp-sol-in', 'SOLUSDT', 'BUY', '2', null, false, NOW - HOUR_MS);
  await store.applyFill({ account: 'default', symbol: 'SOLUSDT', tradeId: 's1', clientOrderId: 'rp-sol-in', venueOrderId: '21', side: 'BUY', quantity: '2', price: '100.5', fee: '0.2', atMs: NOW - HOUR_MS });
  await intent('rp-sol-stop', 'SOLUSDT', 'SELL', '2', '95', true, NOW - HOUR_MS + 1000);
  await store.recordOrderUpdate({ clientOrderId: 'rp-sol-stop', account: 'default', symbol: 'SOLUSDT', venueOrderId: '22', status: 'NEW', filledQuantity: '0', averagePrice: null, atMs: NOW - HOUR_MS + 2000, reason: null });
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allTextContents();
const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((total, count) => total + count, 0);

describe('Risk & Resilience dashboard in Chromium', () => {
  // One browser for the suite: its start is the slow part.
  let browser: BrowserSession;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  test('shows every panel as the JSON API has it, takes a kill through its confirm dialog and shows HALTED by live update, with no console error', { timeout: 120_000 }, async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'dashboard.sqlite') });
    await seed(store);
    const surface = new ControlSurface({ loaded, store, clock: new ManualClock(NOW), env: {}, adminActor: 'http-admin@test', stress: { registry: loadStressScenarios(SCENARIOS).registry, feed: solBars() } });
    const app = await createHttpServer(surface, { admin: { adminToken: ADMIN }, dashboard: { liveUpdateMs: 300 } });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const api = async <T>(path: string): Promise<T> => {
        const response = await fetch(`${url}${path}`);
        assert.equal(response.status, 200, `${path} answers`);
        return (await response.json()) as T;
      };
      for (const path of ['/', '/dashboard']) assert.match(((await fetch(`${url}${path}`, { redirect: 'manual' })).headers.get('location') ?? ''), /\/dashboard\/$/, `${path} leads to the page`);
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.goto(`${url}/dashboard/`);
      await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });

      const status = (await api<{ accounts: AccountStatus[] }>('/api/status')).accounts;
      const figures = await api<ObservedFigures>('/api/figures');
      const [account] = figures.accounts;
      assert.equal(account.status.tradingState, status[0].tradingState, '/api/figures carries the status `rampart status` prints');

      // Global risk status.
      assert.equal(await page.textContent('#global-risk'), figures.globalRiskStatus);
      // ESS: state and triggers per account.
      const essRow = '#ess-rows tr[data-account="default"]';
      assert.equal(await page.textContent(`${essRow} .state`), status[0].tradingState);
      assert.equal(await page.textContent(`${essRow} .triggers`), String(sum(account.essTriggers)));
      assert.equal(sum(account.essTriggers), 1, 'the seeded emergency stop');
      // Risk gate: allowed against blocked.
      const gateRow = '#gate-rows tr[data-account="default"]';
      assert.equal(await page.textContent(`${gateRow} .allowed`), String(account.riskGateAllowed));
      assert.equal(await page.textContent(`${gateRow} .blocked`), String(sum(account.riskGateBlocked)));
      assert.deepEqual([account.riskGateAllowed, sum(account.riskGateBlocked)], [3, 1], 'three stored intents, one denial');
      // Failovers: the metric's samples.
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const failovers = metrics.split('\n').filter((line) => line.startsWith('exchange_failover_events_total')).reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
      assert.equal(await page.textContent('#failovers'), String(failovers));
      // Stress: the worst and each scenario, as /api/stress and /metrics have them.
      const stress = await api<StressSummary>('/api/stress');
      assert.equal(stress.available, true, stress.reason ?? '');
      assert.equal(await page.textContent('#stress-worst'), stress.worst);
      assert.deepEqual(await texts(page, '#stress-rows .severity'), stress.scenarios.map((scenario) => scenario.severity));
      assert.ok(stress.scenarios.some((scenario) => scenario.severity !== 'OK'), 'a 3× long meets a non-OK scenario (the -30 % shock)');
      const severityValue: Record<string, number> = { OK: 0, WARNING: 1, CRITICAL: 2 };
      for (const scenario of stress.scenarios) assert.ok(metrics.includes(`rampart_stress_severity{scenario="${scenario.scenario}"} ${severityValue[scenario.severity]}`), `${scenario.scenario} in /metrics`);
      // Positions with margin and protective orders.
      const positions = (await api<{ positions: PositionRecord[] }>('/api/positions')).positions;
      assert.deepEqual(positions.map((position) => position.symbol), ['SOLUSDT'], 'ETH is flat');
      const leverage = loaded.config.market.type === 'futures' ? loaded.config.market.leverage : 1;
      const solRow = '#position-rows tr[data-symbol="SOLUSDT"]';
      assert.equal(await page.textContent(`${solRow} .quantity`), positions[0].quantity);
      assert.equal(await page.textContent(`${solRow} .entry`), positions[0].entryPrice);
      const margin = (Math.abs(Number(positions[0].quantity)) * Number(positions[0].entryPrice)) / leverage;
      assert.equal(await page.textContent(`${solRow} .margin`), margin.toFixed(2));
      assert.equal(await page.textContent(`${solRow} .margin-pct`), `${((margin / (status[0].equity ?? Number.NaN)) * 100).toFixed(2)} %`);
      assert.equal(await page.textContent(`${solRow} .protective`), 'SELL 2 @ 95 (NEW)');
      // The last 50 trades, newest first, with the PnL each realised.
      const trades = await api<{ total: number; items: FillRecord[] }>('/api/trades?limit=50');
      assert.deepEqual(await page.locator('#trade-rows tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trade'))), trades.items.map((fill) => fill.tradeId));
      const pnlOf = (tradeId: string): Promise<string | null> => page.textContent(`#trade-rows tr[data-trade="${tradeId}"] .pnl`);
      assert.equal(await pnlOf('e2'), (100 - 1.55).toFixed(2), 'ETH sold 100 above its entry, less its fee');
      assert.equal(await pnlOf('e1'), (-1.5).toFixed(2), 'an opening fill realises only its fee');
      // System health, as /ready has it.
      const ready = await api<{ ready: boolean; checks: { store: string; runners: string } }>('/ready');
      assert.equal(await page.textContent('#health-ready'), ready.ready ? 'ready' : 'not ready');
      assert.equal(await page.textContent('#health-store'), ready.checks.store);
      assert.equal(await page.textContent('#health-runner'), ready.checks.runners);
      assert.equal(await page.textContent('#health-clock'), 'not measured in this process');
      // Equity and drawdown curves drawn by lightweight-charts from /api/equity.
      const points = (await api<{ points: EquityPoint[] }>('/api/equity?account=default')).points;
      assert.equal(points.length, 6);
      assert.equal(await page.getAttribute('#equity-chart', 'data-points'), String(points.length));
      assert.equal(await page.getAttribute('#equity-chart', 'data-last'), String(points.at(-1)?.equity));
      assert.ok((await page.locator('#equity-chart canvas').count()) > 0 && (await page.locator('#drawdown-chart canvas').count()) > 0, 'both charts drew on canvas');
      const snapshot = await api<DashboardSnapshot>('/api/dashboard');
      assert.equal(snapshot.globalRiskStatus, figures.globalRiskStatus, 'the snapshot endpoint agrees');
      if (process.env.RAMPART_DASHBOARD_SCREENSHOT !== undefined) await page.screenshot({ path: process.env.RAMPART_DASHBOARD_SCREENSHOT, fullPage: true });

      // The kill switch: confirm dialog, typed reason and token; the stream then shows HALTED.
      await page.click('#kill-open');
      assert.equal(await page.isVisible('#kill-dialog'), true, 'the confirm dialog opens');
      await page.fill('#kill-reason', 'venue incident from the dashboard');
      await page.fill('#kill-token', ADMIN);
      await page.click('#kill-confirm');
      await page.waitForSelector(`${essRow} .state[data-level="HALTED"]`, { timeout: 15_000 });
      const killed = await store.loadTradingState('default');
      assert.deepEqual([killed?.state, killed?.reason, killed?.actor], ['HALTED', 'venue incident from the dashboard', 'http-admin@test'], 'the kill is recorded with its reason');
      assert.equal(await page.textContent(`${essRow} .reason`), 'venue incident from the dashboard');
      assert.equal(await page.inputValue('#kill-token'), '', 'the token is not kept in the form');
      assert.equal(await page.evaluate('window.localStorage.length + window.sessionStorage.length'), 0, 'nothing is stored in the browser');
      const afterKill = await api<ObservedFigures>('/api/figures');
      await page.waitForFunction(`document.getElementById('global-risk').textContent === ${JSON.stringify(afterKill.globalRiskStatus)}`, undefined, { timeout: 15_000 });

      // A change the page did not cause (a reset recorded by another process) arrives by the same live update.
      await store.recordTradingState({ account: 'default', atMs: NOW, state: 'ACTIVE', reason: 'resolved', actor: 'ops' });
      await page.waitForSelector(`${essRow} .state[data-level="ACTIVE"]`, { timeout: 15_000 });
      assert.deepEqual(browser.errors, [], 'no console error, page error or failed request');
      await page.close();
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('behind a read token, asks for it, keeps it in memory only and then shows the figures', { timeout: 60_000 }, async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'read-token.sqlite') });
    await seed(store);
    const app = await createHttpServer(new ControlSurface({ loaded, store, clock: new ManualClock(NOW), env: {}, adminActor: 'http-admin@test' }), { readToken: READ, dashboard: { liveUpdateMs: 300 } });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const errorsBefore = browser.errors.length;
      const page = await browser.newPage();
      await page.goto(`${url}/dashboard/`);
      await page.waitForSelector('#read-token-box:not([hidden])', { timeout: 20_000 });
      assert.equal(await page.getAttribute('body', 'data-rendered'), null, 'nothing is shown without the token');
      await page.fill('#read-token', READ);
      await page.click('#read-token-use');
      await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
      assert.equal(await page.textContent('#ess-rows tr[data-account="default"] .triggers'), '1');
      assert.equal(await page.textContent('#stress-worst'), 'UNKNOWN', 'no stress source: unknown, never OK');
      assert.match((await page.textContent('#stress-reason')) ?? '', /no stress-scenario registry/);
      assert.equal(await page.evaluate('window.localStorage.length + window.sessionStorage.length'), 0, 'the read token is not stored');
      // Chromium reports the first, refused request (401) on the console: that one and nothing else.
      assert.deepEqual(browser.errors.slice(errorsBefore).map((error) => error.replace(/\s+/g, ' ')), ['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
      await page.close();
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('the live stream sends the snapshot first, and an open stream does not keep the server from closing', { timeout: 60_000 }, async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'stream.sqlite') });
    const app = await createHttpServer(new ControlSurface({ loaded, store, clock: new ManualClock(NOW), env: {}, adminActor: 'http-admin@test' }), { dashboard: { liveUpdateMs: 100 } });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${url}/api/stream`);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes('event: heartbeat')) text += (await reader.read()).value ?? '';
      assert.match(text, /^event: snapshot\ndata: \{"atMs":/, 'the snapshot comes first');
      assert.equal(text.split('event: snapshot').length - 1, 1, 'an unchanged store is not sent again');
      await app.close();
      // Heartbeats already on the wire may still arrive; a stream left open would hang here until the test times out.
      while (!(await reader.read()).done);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
