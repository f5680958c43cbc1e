import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POSTGRES_HINT, postgresUnreachable, postgresUrl, skippedByEnvironment } from '../support/postgresTestServer.ts';

// The one test that fails when the PostgreSQL server is missing; every other PostgreSQL test skips then.
test('a PostgreSQL server answers for the PostgreSQL tests', { skip: skippedByEnvironment ? 'skipped: RAMPART_SKIP_POSTGRES=1' : false }, () => {
  assert.equal(postgresUnreachable, undefined, `no PostgreSQL server at ${new URL(postgresUrl).host} (${postgresUnreachable}): ${POSTGRES_HINT}`);
});
