import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runTradeStoreContract } from '../tradeStore.contract.ts';
import { SqliteTradeStore } from './sqliteTradeStore.ts';

runTradeStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-sqlite-'));
  return {
    open: () => SqliteTradeStore.open({ path: join(dir, 'state', 'rampart.sqlite') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

test('creates the state directory on demand and runs in WAL mode with synchronous=FULL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-sqlite-'));
  try {
    const path = join(dir, 'nested', 'state', 'rampart.sqlite');
    const store = await SqliteTradeStore.open({ path });
    assert.equal(store.integrityCheck(), 'ok');
    await store.close();
    assert.ok(existsSync(path), 'the database file is created under the missing directory');

    const reopened = await SqliteTradeStore.open({ path });
    try {
      assert.deepEqual(
        reopened.settings(),
        { journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 5000 },
        'a commit is durable (WAL + FULL) and a second writer waits instead of failing at once',
      );
    } finally {
      await reopened.close();
    }

    const raw = new Database(path, { readonly: true });
    try {
      const versions = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
      assert.deepEqual(versions.map((row) => row.version), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'numbered migrations are recorded in order, once each');
    } finally {
      raw.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a heartbeat, committed without waiting for the disk, leaves every other write durable (synchronous=FULL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-sqlite-'));
  const store = await SqliteTradeStore.open({ path: join(dir, 'rampart.sqlite') });
  try {
    assert.equal((await store.acquireLock('runner:main', 'A', 10_000, 1_700_000_000_000)).acquired, true);
    assert.equal(await store.heartbeat('runner:main', 'A', 1_700_000_001_000), true, 'the holder refreshes its lock');
    assert.equal(await store.heartbeat('runner:main', 'B', 1_700_000_001_000), false, 'another owner does not');
    assert.equal(store.settings().synchronous, 'FULL', 'the connection is back to FULL for the writes that follow');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
