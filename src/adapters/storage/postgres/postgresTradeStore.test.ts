import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runTradeStoreContract } from '../tradeStore.contract.ts';
import { PostgresTradeStore } from './postgresTradeStore.ts';
import { postgresUrl as url, skipPostgres as skip } from '../../../../test/support/postgresTestServer.ts';

// PostgreSQL runs in every session and in CI: a missing server fails the run (once, in
// test/postgres/postgresServer.test.ts, with the way to start it) unless the operator opts out explicitly.

// Other runs share this database: every fixture gets its own schema and drops it afterwards.
runTradeStoreContract(
  'PostgreSQL',
  async () => {
    const schema = `rampart_test_${process.pid}_${randomBytes(6).toString('hex')}`;
    return {
      open: () => PostgresTradeStore.open({ url, schema }),
      cleanup: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
  { skip },
);
