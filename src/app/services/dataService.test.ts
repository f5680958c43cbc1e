import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkData, importData, listData } from './dataService.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { sharedPath, skipWithoutShared } from '../../../test/support/sharedData.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/data/${name}`, import.meta.url));

async function withStoreDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-data-service-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('data service', () => {
  test('import reports the file\'s findings in file order, then stores it sorted and de-duplicated', async () => {
    await withStoreDir(async (dir) => {
      const result = await importData({ storeDir: dir, path: fixture('dirty-1h.csv'), symbol: 'BTC/USDT:USDT', timeframe: '1h', force: true });
      assert.deepEqual(result.findings.map((f) => `${f.code}@${f.index}`), ['DUPLICATE@2', 'OHLC_VIOLATION@3']);
      assert.equal(result.fileRows, 5);
      assert.equal(result.rows, 4);
      const again = await importData({ storeDir: dir, path: fixture('dirty-1h.csv'), symbol: 'BTCUSDT', timeframe: '1h', force: true });
      assert.equal(again.rows, 4, 'importing the same file twice changes nothing');
    });
  });

  test('check reports each stored series, filtered by symbol and timeframe, with staleness from the given time', async () => {
    await withStoreDir(async (dir) => {
      await importData({ storeDir: dir, path: fixture('clean-1h.csv'), symbol: 'ETHUSDT', timeframe: '1h' });
      await importData({ storeDir: dir, path: fixture('dirty-1h.csv'), symbol: 'BTCUSDT', timeframe: '1h', force: true });
      const all = await checkData({ storeDir: dir, nowMs: Date.UTC(2024, 0, 1, 4) });
      assert.deepEqual(all.map((r) => `${r.symbol} ${r.findings.map((f) => f.code).join(',')}`), ['BTCUSDT OHLC_VIOLATION', 'ETHUSDT ']);
      const eth = await checkData({ storeDir: dir, symbol: 'ETH/USDT:USDT', maxAgeMs: 3_600_000, nowMs: Date.UTC(2024, 0, 1, 6) });
      assert.equal(eth.length, 1);
      assert.deepEqual(eth[0].findings.map((f) => `${f.severity} ${f.code} ${f.time}`), ['hard STALE 2024-01-01T03:00:00.000Z']);
      await assert.rejects(checkData({ storeDir: dir, symbol: 'SOLUSDT', nowMs: 0 }), InputError, 'asking for a series that is not stored is bad input');
    });
  });

  test('imports freqtrade funding and mark files beside the candles and lists them', { skip: skipWithoutShared }, async () => {
    await withStoreDir(async (dir) => {
      await importData({ storeDir: dir, path: sharedPath('data/freqtrade/testdata/futures/XRP_USDT_USDT-8h-funding_rate.feather') });
      await importData({ storeDir: dir, path: sharedPath('data/freqtrade/testdata/futures/XRP_USDT_USDT-8h-mark.feather') });
      const listed = await listData(dir);
      assert.deepEqual(listed.map((s) => `${s.symbol} ${s.timeframe} ${s.rows}`), ['XRPUSDT 8h-mark 91', 'XRPUSDT funding 91']);
      const reports = await checkData({ storeDir: dir, nowMs: Date.UTC(2022, 0, 1) });
      assert.deepEqual(reports.flatMap((r) => r.findings.filter((f) => f.severity === 'hard')), [], 'freqtrade test data is clean once funding is on the grid');
    });
  });
});
