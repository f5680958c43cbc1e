import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInProcess } from '../../../../test/support/cliInProcess.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-download-network-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A local port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('rampart data download on a network failure', () => {
  test('exits 1 naming the venue and the cause, not "internal error" exit 3', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await cliInProcess(['data', 'download', '--symbol', 'BTC/USDT:USDT', '--timeframe', '1h', '--since', '2024-01-01', '--until', '2024-01-02', '--quiet', '--store', join(dir, 'store'), '--base-url', url]);
    assert.equal(run.code, 1, run.out);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.match(run.stderr, /binanceusdm BTC\/USDT:USDT 1h: could not reach http:\/\/127\.0\.0\.1:\d+ \(\w+: .+\)/);
  });
});
