import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArrowCandleStore } from '../../../adapters/data/arrowCandleStore.ts';
import { cliInProcess } from '../../../../test/support/cliInProcess.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-import-trust-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => fileURLToPath(new URL(`../../../../test/fixtures/data/${name}`, import.meta.url));

/** A generic CSV of `bars` rows `stepMs` apart; `broken` rows get a high below the close. */
function csv(name: string, bars: number, stepMs: number, broken: readonly number[] = []): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < bars; i++) {
    const price = 100 + 3 * Math.sin(i / 4);
    lines.push(`${Date.UTC(2024, 0, 1) + i * stepMs},${price},${broken.includes(i) ? price - 5 : price + 1},${price - 1},${price + 0.5},5`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('data import you can trust', () => {
  test('a file with hard findings is not stored without --force; with --force it is, recorded, and a backtest on it says so', async () => {
    const store = join(dir, 'store-forced');
    const file = csv('ohlc.csv', 300, 3_600_000, [40]);
    const refused = await cliInProcess(['data', 'import', file, '--symbol', 'BTCUSDT', '--timeframe', '1h', '--store', store]);
    assert.equal(refused.code, 1, refused.out);
    assert.match(refused.stdout, /OHLC_VIOLATION at 2024-01-02T16:00:00\.000Z/);
    assert.match(refused.stderr, /not imported: .*ohlc\.csv has 1 hard finding; nothing was stored .*--force/);
    assert.equal(await new ArrowCandleStore(store).loadCandles('BTCUSDT', '1h'), undefined, 'nothing stored');

    const forced = await cliInProcess(['data', 'import', file, '--symbol', 'BTCUSDT', '--timeframe', '1h', '--store', store, '--force']);
    assert.equal(forced.code, 1, 'hard findings still fail the command');
    assert.match(forced.stdout, /stored despite hard findings, recorded/);
    const record = JSON.parse(readFileSync(join(store, 'forced-imports.json'), 'utf8')) as Record<string, Array<{ file: string; hardFindings: Record<string, number> }>>;
    assert.deepEqual(record['BTCUSDT-1h'].map((entry) => [entry.file, entry.hardFindings]), [[file, { OHLC_VIOLATION: 1 }]]);

    const config = join(dir, 'forced.yaml');
    writeFileSync(config, `name: forced\ndata: {timeframe: 1h, store: ${JSON.stringify(store)}}\nrisk: research\nsleeves:\n  - {name: BTC, symbol: BTCUSDT, weight: 1, strategy: sma_cross, params: {fast: 3, slow: 8}}\n`);
    const backtest = await cliInProcess(['backtest', '-c', config, '--quiet', '--json', join(dir, 'forced.json'), '--html', join(dir, 'forced.html')]);
    assert.equal(backtest.code, 0, backtest.out);
    assert.match(backtest.stderr, /^warning: sleeve BTC: .* holds data imported with --force despite hard findings \(OHLC_VIOLATION; .*ohlc\.csv\)/m);
    const report = JSON.parse(readFileSync(join(dir, 'forced.json'), 'utf8')) as { meta: { dataSources: Array<{ source: string }> } };
    assert.match(report.meta.dataSources[0].source, /forced import: OHLC_VIOLATION/);
  });

  test('1-minute bars imported as 8-minute are a hard TIMEFRAME_MISMATCH at import and in data check', async () => {
    const store = join(dir, 'store-mismatch');
    const file = csv('minutes.csv', 120, 60_000);
    const imported = await cliInProcess(['data', 'import', file, '--symbol', 'ETHUSDT', '--timeframe', '8m', '--store', store]);
    assert.equal(imported.code, 1, imported.out);
    assert.match(imported.stdout, /TIMEFRAME_MISMATCH.*the bars are 1m apart \(median step\), the series is labelled 8m/);
    await cliInProcess(['data', 'import', file, '--symbol', 'ETHUSDT', '--timeframe', '8m', '--store', store, '--force']);
    const checked = await cliInProcess(['data', 'check', '--store', store, '--quiet']);
    assert.equal(checked.code, 1, checked.out);
    assert.match(checked.stdout, /HARD ETHUSDT 8m: TIMEFRAME_MISMATCH/);
  });

  test('a Binance Vision file name gives the symbol and the timeframe', async () => {
    const store = join(dir, 'store-vision');
    const file = join(dir, 'BTCUSDT-1h-2024-01.csv');
    copyFileSync(fixture('BTCUSDT-1h-klines-header.csv'), file);
    const imported = await cliInProcess(['data', 'import', file, '--store', store]);
    assert.equal(imported.code, 0, imported.out);
    assert.ok(existsSync(join(store, 'BTCUSDT-1h.arrow')), imported.out);
  });
});
