import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eachStoreKind } from '../../../test/support/eachStoreKind.ts';
import { snapshotTradeStore } from '../../adapters/storage/snapshotTradeStore.ts';
import { RunnerStore } from '../../engine/live/runnerStore.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { IncidentOpener } from '../wiring/incidentOpener.ts';
import { closeIncident, listIncidentFiles, openIncident, openIncidentOnce, showIncident } from './incidentService.ts';

const ACCOUNT = 'main';
const T0 = Date.UTC(2026, 2, 2);
const HOUR_MS = 3_600_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A long BTC position, two equity snapshots (10 000 then 9 400) and an emergency-stop HALT. */
async function seed(store: TradeStore): Promise<void> {
  await store.recordEquitySnapshot({ account: ACCOUNT, atMs: T0, equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
  await store.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: 't1', clientOrderId: null, venueOrderId: '1', side: 'BUY', quantity: '0.1', price: '60000', fee: '2.4', atMs: T0 + HOUR_MS });
  await store.recordEquitySnapshot({ account: ACCOUNT, atMs: T0 + 2 * HOUR_MS, equity: '9400', walletBalance: '9997.6', unrealizedPnl: '-597.6' });
  await store.recordTradingState({ account: ACCOUNT, atMs: T0 + 2 * HOUR_MS, state: 'HALTED', reason: 'daily loss 6 % past 5 %', actor: 'emergency stop' });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rampart-incidents-'));
}

eachStoreKind('incident open snapshots the store, the decisions, the risk-guard history and the timeline, and close needs the post-mortem filled in', async (open) => {
  const store = await open();
  await seed(store);
  const dir = tempDir();
  try {
    const trigger = { account: ACCOUNT, kind: 'EMERGENCY_STOP_HALTED', reason: 'daily loss 6 % past 5 %', atMs: T0 + 2 * HOUR_MS };
    const opened = await openIncident({ store, trigger, incidentsDir: dir, venue: { notRead: 'no keys in the environment' }, snapshotStore: snapshotTradeStore, actor: 'test', nowMs: T0 + 3 * HOUR_MS });
    const folder = join(dir, opened.id);
    assert.equal(opened.status, 'OPEN');
    assert.match(opened.id, /^20260302_030000_main_EMERGENCY_STOP_HALTED$/);
    if (existsSync(join(folder, 'store.sqlite'))) {
      // The SQLite backup is a database of its own with the rows as they stood.
      const copy = new Database(join(folder, 'store.sqlite'), { readonly: true });
      try {
        assert.equal((copy.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n, 1);
        assert.equal((copy.prepare('SELECT COUNT(*) AS n FROM equity_snapshots').get() as { n: number }).n, 2);
      } finally {
        copy.close();
      }
    } else {
      const dump = JSON.parse(readFileSync(join(folder, 'store.json'), 'utf8')) as { fills: unknown[]; equitySnapshots: unknown[]; positions: Array<{ quantity: string }> };
      assert.equal(dump.fills.length, 1, 'PostgreSQL: the JSON dump holds the account’s fill');
      assert.equal(dump.equitySnapshots.length, 2);
      assert.equal(dump.positions[0].quantity, '0.1');
    }
    assert.deepEqual(JSON.parse(readFileSync(join(folder, 'venue.json'), 'utf8')), { notRead: 'no keys in the environment' });
    const timeline = JSON.parse(readFileSync(join(folder, 'timeline.json'), 'utf8')) as Array<{ event: string }>;
    assert.deepEqual(timeline.map((entry) => entry.event), ['fill BUY 0.1 BTCUSDT @ 60000', 'trading state (none) → HALTED by emergency stop: daily loss 6 % past 5 %']);
    const postmortem = readFileSync(join(folder, 'postmortem.md'), 'utf8');
    assert.match(postmortem, /\| Account Balance \| 10000\.00 \| 9400\.00 \|/, 'before: the snapshot before the trigger; after: the latest');
    assert.match(postmortem, /\| Running MDD \| 0\.00 % \| 6\.00 % \|/);
    assert.match(postmortem, /venue not read: no keys in the environment/);

    await assert.rejects(closeIncident({ store, incidentsDir: dir, id: opened.id, actor: 'test', nowMs: T0 + 4 * HOUR_MS }), /cannot close: .*Root Cause.*Restart Decision/);
    writeFileSync(join(folder, 'postmortem.md'), postmortem.replace('## Root Cause\n[TO FILL]', '## Root Cause\nA 6 % gap down with the stop cancelled.').replace(/- \*\*Decision:\*\*.*$/m, '- **Decision:** STAY HALTED until the launch guard allows'));
    const closed = await closeIncident({ store, incidentsDir: dir, id: opened.id, actor: 'test', nowMs: T0 + 4 * HOUR_MS });
    assert.equal(closed.status, 'CLOSED');
    assert.equal(showIncident(dir, opened.id).incident.status, 'CLOSED');
    assert.ok((await store.listIncidents()).some((incident) => incident.kind === 'INCIDENT_CLOSED' && incident.detail.id === opened.id), 'the closing is in the store');
    await assert.rejects(closeIncident({ store, incidentsDir: dir, id: opened.id, actor: 'test', nowMs: T0 + 5 * HOUR_MS }), /already closed/);
    assert.throws(() => showIncident(dir, '../etc'), /no incident/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

eachStoreKind('a trigger stored by a runner opens one incident, not one per repetition', async (open) => {
  const store = await open();
  await seed(store);
  const dir = tempDir();
  try {
    const opener = new IncidentOpener({ store, incidentsDir: dir, logger: silent, actor: 'test', nowMs: () => T0 + 3 * HOUR_MS });
    const runnerStore = new RunnerStore(store, opener.listener(() => ({ notRead: 'test' })));
    const lock = await store.acquireLock(`runner:${ACCOUNT}`, 'me', 60_000, T0);
    assert.ok(lock.acquired);
    runnerStore.hold(`runner:${ACCOUNT}`, lock.token);
    await runnerStore.recordIncident({ atMs: T0 + 2 * HOUR_MS, kind: 'POSITION_MISMATCH', severity: 'CRITICAL', detail: { account: ACCOUNT, symbol: 'BTCUSDT', store: '0.1', venue: '0' } });
    await runnerStore.recordIncident({ atMs: T0 + 2 * HOUR_MS + 60_000, kind: 'POSITION_MISMATCH', severity: 'CRITICAL', detail: { account: ACCOUNT, symbol: 'BTCUSDT', store: '0.1', venue: '0' } });
    await runnerStore.recordIncident({ atMs: T0 + 2 * HOUR_MS, kind: 'STREAM_BACKFILL_FAILED', severity: 'WARNING', detail: { account: ACCOUNT, reason: 'x' } });
    await opener.settle();
    const incidents = listIncidentFiles(dir);
    assert.deepEqual(incidents.map((incident) => incident.trigger), ['RECONCILIATION_POSITION_MISMATCH']);
    assert.equal(await openIncidentOnce({ store, trigger: { account: ACCOUNT, kind: 'RECONCILIATION_POSITION_MISMATCH', reason: 'again', atMs: T0 }, incidentsDir: dir, venue: { notRead: 'x' }, snapshotStore: snapshotTradeStore, actor: 'test', nowMs: T0 + 5 * HOUR_MS }), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
