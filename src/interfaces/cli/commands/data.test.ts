import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArrowCandleStore } from '../../../adapters/data/arrowCandleStore.ts';
import { makeHourlyKlines, startFakeBinanceUsdm, type FakeBinanceUsdm } from '../../../../test/fixtures/data/fakeBinanceUsdmServer.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fixture = (name: string) => join(root, 'test/fixtures/data', name);

/** Runs `node bin/rampart.mjs ...args` in `cwd` without blocking this process (the fake venue lives here). */
function rampart(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.RAMPART_DATA_DIR;
    const child = spawn(process.execPath, [join(root, 'bin/rampart.mjs'), ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('rampart data', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-data-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('import of a clean file exits 0', async () => {
    const imported = await rampart(dir, 'data', 'import', fixture('clean-1h.csv'), '--symbol', 'ETH/USDT:USDT', '--timeframe', '1h', '--store', 'clean', '--max-gap', '3h');
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /ETHUSDT 1h: 4 rows, 0 hard, 0 soft findings/);
  });

  test('a file with a duplicate and an OHLC violation exits 1 naming both timestamps, and so does the check', async () => {
    const imported = await rampart(dir, 'data', 'import', fixture('dirty-1h.csv'), '--symbol', 'BTC/USDT:USDT', '--timeframe', '1h', '--force');
    assert.equal(imported.code, 1, 'hard findings in the file fail the import');
    assert.match(imported.stdout, /DUPLICATE at 2024-01-01T01:00:00\.000Z/);
    assert.match(imported.stdout, /OHLC_VIOLATION at 2024-01-01T02:00:00\.000Z/);
    const stored = await new ArrowCandleStore(join(dir, 'data/store')).loadCandles('BTCUSDT', '1h');
    assert.equal(stored?.length, 4, 'stored sorted and de-duplicated under the default store directory');
    const checked = await rampart(dir, 'data', 'check');
    assert.equal(checked.code, 1, 'the OHLC violation is still in the stored data');
    assert.match(checked.stdout, /HARD BTCUSDT 1h: OHLC_VIOLATION at 2024-01-01T02:00:00\.000Z/);
    assert.doesNotMatch(checked.stdout, /DUPLICATE/, 'the stored copy has no duplicate left');
  });

  test('a missing file exits 2 naming the file, without a stack trace', async () => {
    const result = await rampart(dir, 'data', 'import', 'no/such/file.csv', '--symbol', 'BTCUSDT', '--timeframe', '1h');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no\/such\/file\.csv: file not found/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  test('download through --base-url stores the bars the local venue served', async () => {
    const start = Date.UTC(2024, 0, 1);
    const klines = makeHourlyKlines(start, 1200);
    const venue: FakeBinanceUsdm = await startFakeBinanceUsdm(klines, start + 1200 * 3_600_000);
    try {
      const result = await rampart(dir, 'data', 'download', '--symbol', 'BTC/USDT:USDT', '--timeframe', '1h', '--since', '2024-01-01',
        '--until', new Date(start + 1200 * 3_600_000).toISOString(), '--base-url', venue.baseUrl, '--store', 'dl');
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const stored = await new ArrowCandleStore(join(dir, 'dl')).loadCandles('BTCUSDT', '1h');
      assert.equal(stored?.length, 1200);
      assert.equal(stored!.close[1199], Number(klines[1199][4]));
      assert.match(result.stderr, /data download/, 'progress is shown on stderr without a terminal');
    } finally {
      await venue.close();
    }
  });
});
