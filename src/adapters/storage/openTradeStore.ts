import { join } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { assertPostgresStoreExists, assertSqliteStoreExists } from './findExistingStore.ts';
import { SqliteTradeStore } from './sqlite/sqliteTradeStore.ts';

export interface OpenTradeStoreOptions {
  /**
   * A `postgres://` or `postgresql://` URL selects PostgreSQL; absent selects SQLite. The caller
   * resolves it (config, or RAMPART_DATABASE_URL): this function reads no environment.
   */
  url?: string;
  /** Directory of the SQLite file `rampart.sqlite` (created when missing). */
  stateDir: string;
  /** PostgreSQL schema to use (created when missing); tests give each run its own. */
  postgresSchema?: string;
  /**
   * Opens only a store that exists (SQLite file or PostgreSQL tables with Rampart's migrations) and
   * throws TradeStoreNotFoundError otherwise, creating nothing: operator commands on a mistyped
   * location refuse instead of reporting success on a new empty store. Default: create when missing.
   */
  existingOnly?: boolean;
}

/** File name of the SQLite store inside the state directory. */
export const SQLITE_FILE_NAME = 'rampart.sqlite';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Opens the configured trade store with its migrations applied. */
export async function openTradeStore(options: OpenTradeStoreOptions): Promise<TradeStore> {
  if (options.url !== undefined && options.url !== '') {
    if (!POSTGRES_URL.test(options.url)) {
      // Name only the scheme: the rest of the URL may carry a password.
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(options.url)?.[0] ?? '(none)';
      throw new InputError(`trade store url must start with postgres:// or postgresql://, was scheme '${scheme}'`, {
        value: scheme,
      });
    }
    if (options.existingOnly === true) await assertPostgresStoreExists(options.url, options.postgresSchema);
    // The PostgreSQL client is loaded only for a PostgreSQL store: every command opens a store, and
    // most open SQLite (each vendor package a command loads is start-up time an operator waits for).
    const { PostgresTradeStore } = await import('./postgres/postgresTradeStore.ts');
    return PostgresTradeStore.open({ url: options.url, ...(options.postgresSchema ? { schema: options.postgresSchema } : {}) });
  }
  const path = join(options.stateDir, SQLITE_FILE_NAME);
  if (options.existingOnly === true) assertSqliteStoreExists(path);
  return SqliteTradeStore.open({ path });
}

export { TradeStoreNotFoundError } from './findExistingStore.ts';
