//! Runs one test body on a fresh SQLite store and on a fresh PostgreSQL schema (127.0.0.1:5432/test,
//! or RAMPART_TEST_POSTGRES_URL; RAMPART_SKIP_POSTGRES=1 or a missing server skips that half: see postgresTestServer.ts). `open` may be called again
//! for a second connection to the same store (a restart); everything opened is closed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { openTradeStore } from '../../src/adapters/storage/openTradeStore.ts';
import type { TradeStore } from '../../src/ports/tradeStore.ts';

import { postgresUrl, skipPostgres } from './postgresTestServer.ts';

export function eachStoreKind(name: string, body: (open: () => Promise<TradeStore>) => Promise<void>): void {
  describe(name, () => {
    test('SQLite', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
      const opened: TradeStore[] = [];
      try {
        await body(async () => {
          const store = await openTradeStore({ stateDir: dir });
          opened.push(store);
          return store;
        });
      } finally {
        for (const store of opened) await store.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      }
    });
    test('PostgreSQL', { skip: skipPostgres }, async () => {
      const schema = `rampart_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const opened: TradeStore[] = [];
      try {
        await body(async () => {
          const store = await openTradeStore({ stateDir: '', url: postgresUrl, postgresSchema: schema });
          opened.push(store);
          return store;
        });
      } finally {
        for (const store of opened) await store.close().catch(() => undefined);
        const client = new pg.Client({ connectionString: postgresUrl });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      }
    });
  });
}
