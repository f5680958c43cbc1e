//! The PostgreSQL server the tests use (127.0.0.1:5432, database `test`, trust auth, or
//! RAMPART_TEST_POSTGRES_URL), probed once per test file. Without a server every PostgreSQL test
//! skips, naming the one test that fails for them all (test/postgres/postgresServer.test.ts), so a
//! missing server is one clear failure with the way out, not a page of ECONNREFUSED dumps.
import { connect } from 'node:net';

export const postgresUrl = process.env.RAMPART_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const target = new URL(postgresUrl);
const host = target.hostname || '127.0.0.1';
const port = Number(target.port || 5432);

/** How to get the PostgreSQL tests running, or out of the way. */
export const POSTGRES_HINT =
  `start PostgreSQL on ${host}:${port} with a database "test" and trust auth for user ${target.username || 'postgres'} ` +
  `(Debian: \`sudo apt-get install postgresql && sudo service postgresql start\`, then \`sudo -u postgres createdb test\` and trust auth for 127.0.0.1 in pg_hba.conf; ` +
  `Docker: \`docker run -d -p ${port}:5432 -e POSTGRES_DB=test -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16\`), ` +
  `point RAMPART_TEST_POSTGRES_URL at another server, or set RAMPART_SKIP_POSTGRES=1 to skip the PostgreSQL tests`;

/** Why the server cannot be reached (the socket error's code and message), or undefined when it answers. */
async function probe(timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(`${error.code ?? 'error'}: ${error.message}`));
  });
}

export const skippedByEnvironment = process.env.RAMPART_SKIP_POSTGRES === '1';

/** Why the server is unreachable; undefined when it answers or when the tests are skipped on purpose. */
export const postgresUnreachable: string | undefined = skippedByEnvironment ? undefined : await probe(5_000);

/** `skip` for a PostgreSQL test: false when the server answers. */
export const skipPostgres: string | false = skippedByEnvironment
  ? 'skipped: RAMPART_SKIP_POSTGRES=1'
  : postgresUnreachable !== undefined
    ? `skipped: no PostgreSQL server at ${host}:${port} (${postgresUnreachable}); the test "a PostgreSQL server answers" fails for all of them and says what to do`
    : false;
