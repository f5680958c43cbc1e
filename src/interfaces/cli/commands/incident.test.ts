import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openTradeStore } from '../../../adapters/storage/openTradeStore.ts';
import { cliInProcess as cli } from '../../../../test/support/cliInProcess.ts';

test('rampart incident open, list, show and close: close is refused (exit 2) until the root cause and the restart decision are written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-incident-cli-'));
  const saved = { key: process.env.RAMPART_ACCOUNT_DEFAULT_API_KEY, secret: process.env.RAMPART_ACCOUNT_DEFAULT_API_SECRET };
  delete process.env.RAMPART_ACCOUNT_DEFAULT_API_KEY;
  delete process.env.RAMPART_ACCOUNT_DEFAULT_API_SECRET;
  try {
    const store = await openTradeStore({ stateDir: join(dir, 'state') });
    await store.recordEquitySnapshot({ account: 'default', atMs: Date.now() - 60_000, equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
    await store.close();
    const where = ['--state-dir', join(dir, 'state'), '--reports-dir', join(dir, 'reports')];
    const opened = await cli(['incident', 'open', '-c', 'config/r1-ensemble.yaml', '--reason', 'fills look doubled', ...where]);
    assert.equal(opened.code, 0, opened.out);
    const id = /incident (\S+) opened/.exec(opened.out)?.[1];
    assert.ok(id !== undefined, opened.out);
    assert.match(opened.out, /venue not read: RAMPART_ACCOUNT_DEFAULT_API_KEY/);
    assert.match(opened.out, /store: .*store\.sqlite/);

    const listed = await cli(['incident', 'list', '--reports-dir', join(dir, 'reports')]);
    assert.match(listed.out, new RegExp(`${id}  OPEN  default  MANUAL`));
    const shown = await cli(['incident', 'show', id, '--reports-dir', join(dir, 'reports')]);
    assert.match(shown.out, /before close:\n {2}- "## Root Cause" is not filled in/);

    const refused = await cli(['incident', 'close', id, '-c', 'config/r1-ensemble.yaml', ...where]);
    assert.equal(refused.code, 2, refused.out);
    assert.match(refused.out, /cannot close: .*Root Cause.*Restart Decision/);

    const file = join(dir, 'reports', 'incidents', id, 'postmortem.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('## Root Cause\n[TO FILL]', '## Root Cause\nA replayed user-stream event.').replace(/- \*\*Decision:\*\*.*$/m, '- **Decision:** RESTART at stage 1'));
    const closed = await cli(['incident', 'close', id, '-c', 'config/r1-ensemble.yaml', ...where]);
    assert.equal(closed.code, 0, closed.out);
    assert.match((await cli(['incident', 'list', '--reports-dir', join(dir, 'reports')])).out, new RegExp(`${id}  CLOSED`));
    assert.equal((await cli(['incident', 'show', 'nope', '--reports-dir', join(dir, 'reports')])).code, 2, 'an unknown id is bad input');
  } finally {
    if (saved.key !== undefined) process.env.RAMPART_ACCOUNT_DEFAULT_API_KEY = saved.key;
    if (saved.secret !== undefined) process.env.RAMPART_ACCOUNT_DEFAULT_API_SECRET = saved.secret;
    rmSync(dir, { recursive: true, force: true });
  }
});
