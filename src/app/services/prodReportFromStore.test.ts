import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { eachStoreKind } from '../../../test/support/eachStoreKind.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { renderProdReportHtml, renderProdReportJson, renderProdReportMarkdown } from '../../ops/prodReport/index.ts';
import type { FillRecord, TradeStore } from '../../ports/tradeStore.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { reportJob } from '../wiring/reportJobs.ts';
import { withCapitalProfiles } from './capitalProfilesInForce.ts';
import { prodReportFromStore } from './prodReportFromStore.ts';

const HOUR_MS = 3_600_000;
const DAY = Date.UTC(2026, 2, 4); // a Wednesday
const loaded = loadConfig('config/r1-ensemble.yaml');
const { config } = loaded;
const { profiles } = withCapitalProfiles(loaded, new Map());

// The fills of the day, as the store will hold them: two closed trips and one open position.
const FILLS: Array<FillRecord & { sleeve: string; reduceOnly: boolean }> = [
  { sleeve: 'BTC', reduceOnly: false, account: 'default', symbol: 'BTCUSDT', tradeId: 't1', clientOrderId: 'e1', venueOrderId: '1', side: 'BUY', quantity: '0.010', price: '60000', fee: '0.30', atMs: DAY + 1 * HOUR_MS },
  { sleeve: 'BTC', reduceOnly: true, account: 'default', symbol: 'BTCUSDT', tradeId: 't2', clientOrderId: 'x1', venueOrderId: '2', side: 'SELL', quantity: '0.010', price: '61000', fee: '0.305', atMs: DAY + 5 * HOUR_MS },
  { sleeve: 'ETH', reduceOnly: false, account: 'default', symbol: 'ETHUSDT', tradeId: 't3', clientOrderId: 'e2', venueOrderId: '3', side: 'BUY', quantity: '1.000', price: '3000', fee: '1.50', atMs: DAY + 2 * HOUR_MS },
  { sleeve: 'ETH', reduceOnly: true, account: 'default', symbol: 'ETHUSDT', tradeId: 't4', clientOrderId: 'x2', venueOrderId: '4', side: 'SELL', quantity: '1.000', price: '2900', fee: '1.45', atMs: DAY + 6 * HOUR_MS },
  { sleeve: 'BTC', reduceOnly: false, account: 'default', symbol: 'BTCUSDT', tradeId: 't5', clientOrderId: 'e3', venueOrderId: '5', side: 'BUY', quantity: '0.020', price: '60500', fee: '0.605', atMs: DAY + 8 * HOUR_MS },
];

async function writeDay(store: TradeStore): Promise<void> {
  for (const fill of FILLS) {
    const { sleeve, reduceOnly, ...record } = fill;
    await store.recordIntent({ clientOrderId: record.clientOrderId as string, account: 'default', sleeve, symbol: record.symbol, strategy: 's', side: record.side, quantity: record.quantity, price: null, reduceOnly, createdAtMs: record.atMs, state: 'SENT', stateChangedAtMs: record.atMs });
    await store.recordOrderUpdate({ clientOrderId: record.clientOrderId as string, account: 'default', symbol: record.symbol, venueOrderId: record.venueOrderId, status: 'FILLED', filledQuantity: record.quantity, averagePrice: record.price, atMs: record.atMs, reason: null });
    await store.applyFill(record);
  }
  // The open BTC position's protective stop, resting at the venue.
  await store.recordIntent({ clientOrderId: 's3', account: 'default', sleeve: 'BTC', symbol: 'BTCUSDT', strategy: 's', side: 'SELL', quantity: '0.020', price: null, reduceOnly: true, createdAtMs: DAY + 8 * HOUR_MS, state: 'SENT', stateChangedAtMs: DAY + 8 * HOUR_MS });
  await store.recordOrderUpdate({ clientOrderId: 's3', account: 'default', symbol: 'BTCUSDT', venueOrderId: '6', status: 'NEW', filledQuantity: '0', averagePrice: null, atMs: DAY + 8 * HOUR_MS, reason: null });
  // Equity: 10 000 at the day's start, 9 820 at its end (−1.8 %: 90 % of the normal profile's 2 % daily limit).
  await store.recordEquitySnapshot({ account: 'default', atMs: DAY - HOUR_MS, equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
  await store.recordEquitySnapshot({ account: 'default', atMs: DAY + 20 * HOUR_MS, equity: '9820', walletBalance: '9830', unrealizedPnl: '-10' });
  await store.recordRiskEvent({ account: 'default', atMs: DAY + 9 * HOUR_MS, code: 'MAX_POSITIONS', symbol: 'SOLUSDT', strategy: 's', clientOrderId: null, detail: {} });
  await store.recordIncident({ atMs: DAY + 10 * HOUR_MS, kind: 'EMERGENCY_STOP', severity: 'CRITICAL', detail: { account: 'default', state: 'REDUCING', reason: 'daily loss at 1.8 %' } });
  await store.recordIncident({ atMs: DAY - 2 * 86_400_000, kind: 'NOT_READY', severity: 'CRITICAL', detail: { account: 'default', reason: 'before the period' } });
  await store.recordRiskGuardDecision({ account: 'default', atMs: DAY + 21 * HOUR_MS, decision: 'REDUCE', sizeMultiplier: 0.5, detail: { reasons: ['red sharpe20d'], counters: { day: 0, yellowDays: { runningMaxDrawdownPct: 2 }, scaleUpDays: 0 } } });
}

eachStoreKind('daily report: values recomputed by hand from the stored fills, Markdown and HTML readable', async (open) => {
  const store = await open();
  await writeDay(store);
  const report = await prodReportFromStore({ store, config, profiles, period: 'daily', dateMs: DAY, nowMs: DAY + 30 * HOUR_MS, scaleUpDaysNeeded: 10 });
  const json = JSON.parse(renderProdReportJson(report));
  const [account] = json.accounts;

  // By hand from FILLS: BTC (61 000 − 60 000) × 0.01 − 0.30 − 0.305; ETH (2 900 − 3 000) × 1 − 1.50 − 1.45.
  const btc = 10 - 0.3 - 0.305;
  const eth = -100 - 1.5 - 1.45;
  assert.equal(json.label, '2026-03-04');
  assert.equal(account.trades.tradeCount, 2);
  assert.equal(account.trades.winRatePct, 50);
  assert.ok(Math.abs(account.trades.profitFactor - btc / -eth) < 1e-9);
  assert.equal(account.trades.fills, 5);
  assert.ok(Math.abs(account.trades.fees - (0.3 + 0.305 + 1.5 + 1.45 + 0.605)) < 1e-9);
  const sleeves = Object.fromEntries(account.sleeves.map((sleeve: { sleeve: string; contributionPct: number }) => [sleeve.sleeve, sleeve.contributionPct]));
  assert.ok(Math.abs(sleeves.BTC - (btc / 10_000) * 100) < 1e-9);
  assert.ok(Math.abs(sleeves.ETH - (eth / 10_000) * 100) < 1e-9);
  assert.equal(sleeves.SOL, 0);
  assert.equal(account.pnl, -180);
  assert.ok(Math.abs(account.daily.limitUsedPct - 90) < 1e-9);
  assert.deepEqual(json.nearLimit, [{ account: 'default', limit: 'daily', usedPct: account.daily.limitUsedPct }]);
  assert.deepEqual(account.positions, [{ symbol: 'BTCUSDT', quantity: 0.02, entryPrice: 60500, protectiveOrders: [{ clientOrderId: 's3', status: 'NEW' }] }]);
  assert.equal(account.unprotectedPositions, 0);
  assert.equal(account.operations.emergencyStopTriggers, 1);
  assert.equal(account.operations.riskGateDecisions, 7, 'six intents and one denial');
  assert.equal(account.operations.riskGateBlocked, 1);
  assert.equal(account.operations.protectivePlacementSuccessPct, 100);
  assert.equal(account.execution.realisedSlippageBps, null, 'not measured: JSON null, not NaN');
  assert.equal(account.riskGuard.decision, 'REDUCE');
  assert.deepEqual(account.incidents.map((incident: { kind: string }) => incident.kind), ['EMERGENCY_STOP'], 'the incident before the period is left out');
  assert.equal(account.profile.name, 'normal');

  const markdown = renderProdReportMarkdown(report);
  assert.match(markdown, /^# Rampart daily report 2026-03-04: r1-ensemble$/m);
  assert.match(markdown, /\| default \| daily \| 90\.0 % \|/);
  for (const block of markdown.split('\n\n').filter((part) => part.startsWith('|'))) {
    const widths = block.trimEnd().split('\n').map((line) => line.split(/(?<!\\)\|/).length);
    assert.ok(widths.every((width) => width === widths[0]), `every row of a table has the header's columns:\n${block}`);
  }
  const html = renderProdReportHtml(report);
  assertBalancedHtml(html);
  assert.ok(!/<script|src=|href=/i.test(html), 'nothing fetched, no script');
});

/** Every element opened is closed in order (void elements aside): enough for a browser to render it as meant. */
function assertBalancedHtml(html: string): void {
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  const stack: string[] = [];
  const voids = new Set(['meta', 'br', 'hr', 'img', 'link', 'input']);
  for (const match of html.replace(/<style>[\s\S]*?<\/style>/, '').matchAll(/<(\/?)([a-z0-9]+)[^>]*>/gi)) {
    const [, closing, name] = match;
    if (voids.has(name.toLowerCase())) continue;
    if (closing === '') stack.push(name);
    else assert.equal(stack.pop(), name, `</${name}> closes the element last opened`);
  }
  assert.deepEqual(stack, [], 'every element closed');
}

test('rampart report writes md, json and html under prod/<period>/, and archives an earlier report instead of overwriting it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-report-'));
  try {
    const store = await openTradeStore({ stateDir: join(dir, 'state') });
    await writeDay(store);
    await store.close();
    const options = { configPath: 'config/r1-ensemble.yaml', period: 'weekly' as const, date: '2026-03-04', stateDir: join(dir, 'state'), reportsDir: join(dir, 'reports'), nowMs: DAY + 30 * HOUR_MS, env: {} };
    const first = await reportJob(options);
    assert.deepEqual(first.files.map((file) => file.slice(dir.length)), ['/reports/prod/weekly/2026-03-02.md', '/reports/prod/weekly/2026-03-02.json', '/reports/prod/weekly/2026-03-02.html']);
    assert.deepEqual(first.archived, []);
    const firstJson = readFileSync(first.files[1], 'utf8');
    assert.equal(JSON.parse(firstJson).accounts[0].trades.tradeCount, 2);
    const second = await reportJob({ ...options, nowMs: options.nowMs + 1000 });
    assert.equal(second.archived.length, 3);
    assert.ok(existsSync(join(dir, 'reports/prod/weekly/2026-03-02.archived-1.json')));
    assert.equal(readFileSync(join(dir, 'reports/prod/weekly/2026-03-02.archived-1.json'), 'utf8'), firstJson, 'the earlier report kept as it was');
    assert.match(readFileSync(second.files[0], 'utf8'), /## Live versus backtest replay\n\n_not compared: the replay has no bars in the period \(are the candles in the data store\?\)_/, 'a live record without candles to replay says why it was not replayed');
    await assert.rejects(reportJob({ ...options, date: '2026-02-30' }), /--date must be a day as YYYY-MM-DD/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
