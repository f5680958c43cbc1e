import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { InputError } from '../../domain/errors/inputError.ts';
import { openTradeStore, SQLITE_FILE_NAME, TradeStoreNotFoundError } from './openTradeStore.ts';
import { PostgresTradeStore } from './postgres/postgresTradeStore.ts';
import { SqliteTradeStore } from './sqlite/sqliteTradeStore.ts';

import { postgresUrl, skipPostgres } from '../../../test/support/postgresTestServer.ts';

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

test('existingOnly refuses a state directory that holds no store, naming the path and creating nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rampart-open-'));
  try {
    const mistyped = join(root, 'stat');
    await assert.rejects(openTradeStore({ stateDir: mistyped, existingOnly: true }), (error: unknown) => {
      assert.ok(error instanceof TradeStoreNotFoundError && error instanceof InputError, 'a missing store is bad operator input (exit 2)');
      assert.match(error.message, new RegExp(`no Rampart trade store at ${join(mistyped, SQLITE_FILE_NAME).replace(/[.]/g, '\\.')}: no such file`));
      return true;
    });
    assert.equal(existsSync(mistyped), false, 'the mistyped directory was not created');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("existingOnly refuses a file that is not a SQLite database or has no Rampart tables", async () => {
  const root = mkdtempSync(join(tmpdir(), 'rampart-open-'));
  try {
    writeFileSync(join(root, SQLITE_FILE_NAME), 'not a database at all, just text long enough to have a header');
    await assert.rejects(openTradeStore({ stateDir: root, existingOnly: true }), /not a SQLite database/);
    rmSync(join(root, SQLITE_FILE_NAME));
    new Database(join(root, SQLITE_FILE_NAME)).exec('CREATE TABLE other (x INTEGER)').close();
    await assert.rejects(openTradeStore({ stateDir: root, existingOnly: true }), /a SQLite file without Rampart's tables/);
    const other = new Database(join(root, SQLITE_FILE_NAME), { readonly: true });
    assert.deepEqual(other.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(), [{ name: 'other' }], 'the foreign file was left as it was');
    other.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('existingOnly opens a store that exists, with its records', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'rampart-open-'));
  try {
    const created = await openTradeStore({ stateDir });
    await created.close();
    const store = await openTradeStore({ stateDir, existingOnly: true });
    try {
      assert.ok((await store.schemaVersion()) >= 1);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test('existingOnly refuses a PostgreSQL schema or database without Rampart tables, without the password, creating nothing', { skip: skipPostgres }, async () => {
  const schema = `rampart_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await assert.rejects(openTradeStore({ url: postgresUrl, stateDir: '/nonexistent', postgresSchema: schema, existingOnly: true }), (error: unknown) => {
      assert.ok(error instanceof TradeStoreNotFoundError, String(error));
      assert.match(error.message, new RegExp(`schema ${schema}: the database holds no Rampart tables`));
      return true;
    });
    const created = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    assert.equal(created.rowCount, 0, 'the schema was not created');
    const withPassword = new URL(postgresUrl);
    withPassword.password = 'hunter2';
    withPassword.pathname = `/no_such_db_${randomBytes(4).toString('hex')}`;
    await assert.rejects(openTradeStore({ url: withPassword.toString(), stateDir: '/nonexistent', existingOnly: true }), (error: unknown) => {
      assert.ok(error instanceof TradeStoreNotFoundError, String(error));
      assert.match(error.message, /no such database/);
      assert.doesNotMatch(error.message, /hunter2/, 'the password never appears');
      return true;
    });
    const store = await openTradeStore({ url: postgresUrl, stateDir: '/nonexistent', postgresSchema: schema });
    await store.close();
    const reopened = await openTradeStore({ url: postgresUrl, stateDir: '/nonexistent', postgresSchema: schema, existingOnly: true });
    await reopened.close();
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  }
});
