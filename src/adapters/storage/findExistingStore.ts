import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { InputError } from '../../domain/errors/inputError.ts';

/**
 * A location (SQLite file, PostgreSQL database or schema) that holds no Rampart trade store, where
 * one was required: an operator command pointed at a mistyped `--state-dir` or database must not
 * create an empty store and report success on it. `location` never carries a password.
 */
export class TradeStoreNotFoundError extends InputError {
  constructor(
    readonly location: string,
    readonly found: string,
  ) {
    super(`no Rampart trade store at ${location}: ${found}`, { value: location });
  }
}

/** Throws TradeStoreNotFoundError unless `path` is a SQLite file with Rampart's migrations applied. */
export function assertSqliteStoreExists(path: string): void {
  if (!existsSync(path)) throw new TradeStoreNotFoundError(path, 'no such file');
  if (!statSync(path).isFile()) throw new TradeStoreNotFoundError(path, 'not a file');
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    const applied = table === undefined ? undefined : (db.prepare('SELECT COUNT(*) AS count FROM schema_migrations').get() as { count: number });
    if (applied === undefined || applied.count === 0) throw new TradeStoreNotFoundError(path, "a SQLite file without Rampart's tables");
  } catch (error) {
    if (error instanceof TradeStoreNotFoundError) throw error;
    throw new TradeStoreNotFoundError(path, `not a SQLite database (${(error as Error).message})`);
  } finally {
    db?.close();
  }
}

/** Throws TradeStoreNotFoundError unless the database (and schema) holds Rampart's migrations table with rows. */
export async function assertPostgresStoreExists(url: string, schema: string | undefined): Promise<void> {
  const location = `${redactedUrl(url)}${schema === undefined ? '' : ` schema ${schema}`}`;
  // Loaded here, not at start-up: only a PostgreSQL store needs it (see openTradeStore).
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // A connection that dies between queries emits 'error'; the failing query reports it instead.
  client.on('error', () => {});
  try {
    try {
      await client.connect();
    } catch (error) {
      // 3D000: invalid_catalog_name, the database does not exist.
      if ((error as { code?: string }).code === '3D000') throw new TradeStoreNotFoundError(location, 'no such database');
      throw error;
    }
    const found = await client.query<{ table: string | null }>(
      `SELECT to_regclass(quote_ident(COALESCE($1::text, current_schema())) || '.schema_migrations')::text AS table`,
      [schema ?? null],
    );
    if (found.rows[0]?.table === null || found.rows[0]?.table === undefined) throw new TradeStoreNotFoundError(location, "the database holds no Rampart tables");
    const applied = await client.query<{ count: string }>(`SELECT COUNT(*)::text AS count FROM ${found.rows[0].table}`);
    if (Number(applied.rows[0]?.count ?? 0) === 0) throw new TradeStoreNotFoundError(location, 'no migration was ever applied');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL without its password (scheme, user, host, port, database). */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '(unparsable database URL)';
  }
}
