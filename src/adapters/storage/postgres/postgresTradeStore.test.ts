import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runTradeStoreContract } from '../tradeStore.contract.ts';
import { PostgresTradeStore } from './postgresTradeStore.ts';

// PostgreSQL runs in every session and in CI: a failed connection fails these tests unless the
// operator opts out explicitly.
const url = process.env.RAMPART_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const skip = process.env.RAMPART_SKIP_POSTGRES === '1' ? 'skipped: RAMPART_SKIP_POSTGRES=1' : false;

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
