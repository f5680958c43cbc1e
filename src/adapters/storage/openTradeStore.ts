import { join } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { PostgresTradeStore } from './postgres/postgresTradeStore.ts';
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
    return PostgresTradeStore.open({ url: options.url, ...(options.postgresSchema ? { schema: options.postgresSchema } : {}) });
  }
  return SqliteTradeStore.open({ path: join(options.stateDir, SQLITE_FILE_NAME) });
}
