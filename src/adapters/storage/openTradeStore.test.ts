import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { InputError } from '../../domain/errors/inputError.ts';
import { openTradeStore, SQLITE_FILE_NAME } from './openTradeStore.ts';
import { PostgresTradeStore } from './postgres/postgresTradeStore.ts';
import { SqliteTradeStore } from './sqlite/sqliteTradeStore.ts';

const postgresUrl = process.env.RAMPART_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipPostgres = process.env.RAMPART_SKIP_POSTGRES === '1' ? 'skipped: RAMPART_SKIP_POSTGRES=1' : false;

test('opens SQLite at <stateDir>/rampart.sqlite when no URL is given', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'rampart-open-')), 'state');
  try {
    const store = await openTradeStore({ stateDir });
    try {
      assert.ok(store instanceof SqliteTradeStore, 'SQLite is the default');
      assert.ok(existsSync(join(stateDir, SQLITE_FILE_NAME)), 'the file is created in the state directory');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test('refuses a URL that is not PostgreSQL without echoing it (it may hold a password)', async () => {
  await assert.rejects(
    openTradeStore({ url: 'mysql://root:hunter2@db/rampart', stateDir: tmpdir() }),
    (error: unknown) => {
      assert.ok(error instanceof InputError, 'bad operator input exits with code 2');
      assert.match(error.message, /'mysql:'/, 'the message names the scheme found');
      assert.doesNotMatch(error.message, /hunter2/, 'the password never appears');
      return true;
    },
  );
});

test('opens PostgreSQL for postgres:// and postgresql:// URLs', { skip: skipPostgres }, async () => {
  const schema = `rampart_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  try {
    for (const url of [postgresUrl, postgresUrl.replace(/^postgres:/, 'postgresql:')]) {
      const store = await openTradeStore({ url, stateDir: '/nonexistent', postgresSchema: schema });
      try {
        assert.ok(store instanceof PostgresTradeStore, `${url.split(':')[0]} selects PostgreSQL`);
        assert.ok((await store.schemaVersion()) >= 1, 'migrations were applied');
      } finally {
        await store.close();
      }
    }
  } finally {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
  }
});
