import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliInProcess as cli } from '../../../../test/support/cliInProcess.ts';
import { openTradeStore } from '../../../adapters/storage/openTradeStore.ts';

test('rampart report takes exactly one period, writes the three files, and profiles set changes the profile the report shows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-report-cli-'));
  try {
    const store = ['--state-dir', join(dir, 'state')];
    const report = ['report', '-c', 'config/r1-ensemble.yaml', '--reports-dir', join(dir, 'reports'), ...store];
    const none = await cli([...report, '--init']);
    assert.equal(none.code, 2);
    assert.match(none.out, /exactly one of --daily, --weekly, --monthly/);
    const two = await cli([...report, '--daily', '--weekly', '--init']);
    assert.equal(two.code, 2);
    assert.match(two.out, /was --daily --weekly/);
    assert.equal((await cli([...report, '--daily', '--date', '2026-13-01', '--init'])).code, 2);

    const set = await cli(['profiles', 'set', 'default', 'low', '--reason', 'first live month', '-c', 'config/r1-ensemble.yaml', ...store, '--init']);
    assert.equal(set.code, 0, set.out);
    const empty = await cli([...report, '--monthly', '--date', '2026-03-15']);
    assert.equal(empty.code, 2, 'a store without any record of the account: nothing to report');
    assert.match(empty.stderr, /no record yet for account default/);
    const opened = await openTradeStore({ stateDir: join(dir, 'state') });
    await opened.recordEquitySnapshot({ account: 'default', atMs: Date.UTC(2026, 2, 10), equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
    await opened.close();
    const written = await cli([...report, '--monthly', '--date', '2026-03-15']);
    assert.equal(written.code, 0, written.out);
    for (const extension of ['md', 'json', 'html']) assert.ok(existsSync(join(dir, 'reports', 'prod', 'monthly', `2026-03.${extension}`)), extension);
    const json = JSON.parse(readFileSync(join(dir, 'reports', 'prod', 'monthly', '2026-03.json'), 'utf8'));
    assert.deepEqual(json.accounts[0].profile, { name: 'low', source: 'store' });

    const badProfile = await cli(['profiles', 'set', 'default', 'yolo', '--reason', 'x', '-c', 'config/r1-ensemble.yaml', ...store]);
    assert.equal(badProfile.code, 2);
    assert.match(badProfile.out, /PROFILE must name a capital profile/);
    const review = await cli(['profiles', 'review', '-c', 'config/r1-ensemble.yaml', ...store, '--json']);
    assert.equal(review.code, 0, review.out);
    assert.equal(JSON.parse(review.out)[0].review.profile, 'low');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
