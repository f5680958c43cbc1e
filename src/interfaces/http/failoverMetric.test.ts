import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { validateConfig } from '../../app/config/loadConfig.ts';
import { ControlSurface } from '../../app/services/controlSurface.ts';
import { MetricsRegistry } from './metricsRegistry.ts';

const NOW = Date.parse('2026-12-05T08:00:00Z');

test('exchange_failover_events_total counts stored failovers and failbacks per primary account and direction, every routed direction from 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-failover-metric-'));
  const config = validateConfig(
    {
      name: 'routed',
      risk: { accounts: { main: 'normal', backup: 'normal', third: 'normal' } },
      sleeves: [{ name: 'btc', symbol: 'BTCUSDT', weight: 0.5, strategy: 'tsmom_ema', account: 'main' }],
      routing: { sleeves: { btc: { fallbacks: ['backup', 'third'] } } },
    },
    'routed.yaml',
  );
  const store = await SqliteTradeStore.open({ path: join(dir, 'metric.sqlite') });
  try {
    const event = { sleeve: 'btc', account: 'main', reason: 'main is DOWN', actor: 'runner@test' };
    await store.recordFailoverEvent({ ...event, atMs: NOW - 3_000, kind: 'FAILOVER', fromAccount: 'main', toAccount: 'backup' });
    await store.recordFailoverEvent({ ...event, atMs: NOW - 2_000, kind: 'FAILBACK', fromAccount: 'backup', toAccount: 'main' });
    await store.recordFailoverEvent({ ...event, atMs: NOW - 1_000, kind: 'FAILOVER', fromAccount: 'main', toAccount: 'backup' });
    await store.recordFailoverEvent({ ...event, atMs: NOW - 500, kind: 'ENTRIES_STOPPED', fromAccount: null, toAccount: null });
    const surface = new ControlSurface({ loaded: { config, path: join(dir, 'routed.yaml'), baseDir: dir, sha256: '0' }, store, clock: { nowMs: () => NOW }, env: {}, adminActor: 'test' });
    const text = await new MetricsRegistry(surface).scrape();
    assert.ok(text.includes('exchange_failover_events_total{account="main",from="main",to="backup"} 2'), text.split('\n').filter((line) => line.includes('failover')).join('\n'));
    assert.ok(text.includes('exchange_failover_events_total{account="main",from="backup",to="main"} 1'), 'the failback counts too');
    assert.ok(text.includes('exchange_failover_events_total{account="main",from="main",to="third"} 0'), 'a routed direction without a switch is exported at 0');
    assert.ok(!/exchange_failover_events_total\{[^}]*\} 3/.test(text), 'ENTRIES_STOPPED is no switch');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
