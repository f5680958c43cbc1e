import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { loadScaleRules } from '../config/loadScaleRules.ts';
import { liveGateDeps } from './liveGate.ts';

const shippedRules = resolve(import.meta.dirname, '../../../config/r1-scale-rules.yaml');
const shippedConfig = resolve(import.meta.dirname, '../../../config/r1-ensemble.yaml');
const dir = mkdtempSync(join(tmpdir(), 'rampart-live-gate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('liveGateDeps', () => {
  test('stops entries while the pinned config differs from its pin on disk, and allows them again once restored', async () => {
    const config = join(dir, 'r1-ensemble.yaml');
    copyFileSync(shippedConfig, config);
    const rulesPath = join(dir, 'rules.yaml');
    writeFileSync(rulesPath, readFileSync(shippedRules, 'utf8'));
    const store = await SqliteTradeStore.open({ path: join(dir, 'store.sqlite') });
    try {
      const { entryPermission } = liveGateDeps({ store, account: 'main', rules: loadScaleRules(rulesPath), goLivePath: undefined, configPath: config });
      assert.ok(entryPermission, 'a pinned runner has an entry permission even without a go-live file');
      assert.deepEqual(await entryPermission(0), { allowed: true, reason: '' }, 'the pinned file as loaded');

      const original = readFileSync(config);
      appendFileSync(config, '# tuned while live\n');
      const refused = await entryPermission(1);
      assert.equal(refused.allowed, false, 'an edited frozen config stops entries');
      assert.match(refused.reason, /changed on disk while the runner runs \(sha256 [0-9a-f]{64}, pinned [0-9a-f]{64}\).*git checkout -- r1-ensemble\.yaml/);

      rmSync(config);
      assert.match((await entryPermission(2)).reason, /cannot be read .*no such file/, 'a deleted config fails closed');

      writeFileSync(config, original);
      assert.equal((await entryPermission(3)).allowed, true, 'restored, entries resume without a restart');
    } finally {
      await store.close();
    }
  });

  test('gives no permission to an unpinned runner without a go-live file (testnet, local venue)', async () => {
    const store = await SqliteTradeStore.open({ path: join(dir, 'unpinned.sqlite') });
    try {
      assert.equal(liveGateDeps({ store, account: 'main', rules: undefined, goLivePath: undefined, configPath: shippedConfig }).entryPermission, undefined);
    } finally {
      await store.close();
    }
  });
});
