import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importDataFile, type ImportedData } from './importDataFile.ts';
import { detectFormat } from './detectFormat.ts';
import { readGenericCsv } from './genericCsvImporter.ts';
import { InputError } from '../../../domain/errors/inputError.ts';
import type { CandleSeries } from '../../../domain/market/candleSeries.ts';
import { sharedPath, skipWithoutShared } from '../../../../test/support/sharedData.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../test/fixtures/data/${name}`, import.meta.url));
const iso = (ms: number) => new Date(ms).toISOString();

function candles(data: ImportedData): CandleSeries {
  assert.equal(data.kind, 'candles', 'file holds candles');
  return data.series as CandleSeries;
}

/** Parses the INVENTORY's "YYYY-MM-DD HH:MM:SS[.ffffff][+00:00]" with Date, independently of the importers. */
function inventoryTime(text: string): number {
  const withZone = /[+-]\d{2}:\d{2}$/.test(text) ? text : `${text}Z`;
  return new Date(withZone.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1')).getTime();
}

describe('generic CSV import', () => {
  test('keeps rows in file order, duplicates included', async () => {
    const series = candles(await importDataFile({ path: fixture('dirty-1h.csv'), symbol: 'BTC/USDT:USDT', timeframe: '1h' }));
    assert.equal(series.symbol, 'BTCUSDT');
    assert.equal(series.length, 5, 'the duplicate row is still there for the checks to report');
    assert.equal(iso(series.time[2]), '2024-01-01T01:00:00.000Z');
    assert.equal(series.high[3], 107);
  });

  test('reads epoch-millisecond timestamps', async () => {
    const series = candles(await importDataFile({ path: fixture('clean-1h.csv'), symbol: 'BTCUSDT', timeframe: '1h' }));
    assert.deepEqual(Array.from(series.time, iso), ['2024-01-01T00:00:00.000Z', '2024-01-01T01:00:00.000Z', '2024-01-01T02:00:00.000Z', '2024-01-01T03:00:00.000Z']);
  });

  test('refuses an unparseable value naming the file, line, column and value', async () => {
    const path = fixture('bad-number-1h.csv');
    await assert.rejects(importDataFile({ path, symbol: 'BTCUSDT', timeframe: '1h' }), (error: unknown) => {
      assert.ok(error instanceof InputError, 'bad input, exit 2');
      assert.match(error.message, /bad-number-1h\.csv: line 3, column "high": expected a number, was "1l2"/);
      assert.equal(error.details.file, path);
      return true;
    });
  });

  test('refuses a missing file naming it', async () => {
    await assert.rejects(importDataFile({ path: '/nonexistent/candles.csv', symbol: 'BTCUSDT', timeframe: '1h' }), /\/nonexistent\/candles\.csv: file not found/);
  });

  test('refuses a file without a date column naming the columns found', () => {
    assert.throws(() => readGenericCsv('x.csv', 'when,open,high,low,close\n1,2,3,4,5\n'), /no date or time column in the header, columns were when, open, high, low, close/);
  });

  test('reads a headerless file as time, open, high, low, close, volume', () => {
    const rows = readGenericCsv('x.csv', '2024-01-01,1,2,0.5,1.5,10\n2024-01-02,1.5,2,1,1.8,\n');
    assert.equal(rows.length, 2);
    assert.equal(rows.close[1], 1.8);
    assert.equal(rows.volume[1], 0, 'an empty volume is no volume');
  });

  test('keeps a NaN price so the data check can report it with its timestamp', () => {
    const rows = readGenericCsv('x.csv', 'date,open,high,low,close\n2024-01-01,NaN,2,0.5,1.5\n');
    assert.ok(Number.isNaN(rows.open[0]));
  });
});

describe('Binance kline CSV import', () => {
  test('detects the layout and reads microsecond open times, rows in file order', async () => {
    const path = fixture('BTCUSDT-1m-klines-us.csv');
    assert.equal(await detectFormat(path), 'binance');
    const series = candles(await importDataFile({ path, symbol: 'BTCUSDT', timeframe: '1m' }));
    assert.deepEqual(Array.from(series.time, iso), ['2025-01-01T00:01:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01-01T00:02:00.000Z']);
    assert.equal(series.volume[0], 8.21827);
  });

  test('skips the header newer futures files carry', async () => {
    const path = fixture('BTCUSDT-1h-klines-header.csv');
    assert.equal(await detectFormat(path), 'binance');
    const series = candles(await importDataFile({ path, format: 'binance', symbol: 'BTCUSDT', timeframe: '1h' }));
    assert.equal(series.length, 2);
    assert.equal(series.open[1], 42503.5);
  });
});

const inventory: Record<string, { rows: number; first: string | null; last: string | null }> = skipWithoutShared
  ? {}
  : JSON.parse(readFileSync(sharedPath('data', 'INVENTORY.json'), 'utf8'));

describe('every shared candle file', { skip: skipWithoutShared }, () => {
  for (const [name, facts] of Object.entries(inventory)) {
    if (name.includes('funding_rate') || facts.rows === undefined || facts.rows === null) continue;
    test(`imports ${name} with the rows, first and last time the inventory lists`, async () => {
      const data = await importDataFile({ path: sharedPath('data', name), symbol: 'TESTUSDT', timeframe: '1d' });
      const series = candles(data);
      assert.equal(series.length, facts.rows, 'row count');
      if (facts.first && facts.last) {
        assert.equal(iso(series.time[0]), iso(inventoryTime(facts.first)), 'first time');
        assert.equal(iso(series.time[series.length - 1]), iso(inventoryTime(facts.last)), 'last time');
      }
    });
  }
});

describe('freqtrade files', { skip: skipWithoutShared }, () => {
  test('the LZ4-compressed feather import matches freqtrade\'s CSV export row for row', async () => {
    const feather = candles(await importDataFile({ path: sharedPath('data/freqtrade/testdata/UNITTEST_BTC-5m.feather') }));
    const csv = candles(await importDataFile({ path: sharedPath('data/freqtrade/csv_converted/UNITTEST_BTC-5m.csv') }));
    assert.equal(feather.symbol, 'UNITTESTBTC', 'symbol from the file name');
    assert.equal(feather.timeframe, '5m', 'timeframe from the file name');
    assert.equal(feather.length, 5760);
    assert.equal(csv.length, feather.length);
    for (const column of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
      for (let i = 0; i < feather.length; i++) {
        if (feather[column][i] !== csv[column][i]) assert.fail(`row ${i} ${column}: feather ${feather[column][i]} vs csv ${csv[column][i]}`);
      }
    }
  });

  test('the JSON and gzipped JSON candles match the feather file', async () => {
    const feather = candles(await importDataFile({ path: sharedPath('data/freqtrade/testdata/futures/XRP_USDT_USDT-1h-futures.feather') }));
    const jsonGz = candles(await importDataFile({ path: sharedPath('data/freqtrade/testdata/futures/XRP_USDT_USDT-1h-futures.json.gz') }));
    assert.equal(jsonGz.symbol, 'XRPUSDT');
    assert.deepEqual(Array.from(jsonGz.time), Array.from(feather.time));
    for (let i = 0; i < feather.length; i++) {
      // freqtrade wrote the two files from differently rounded floats (1.08543 vs 1.0854300000000001).
      assert.ok(Math.abs(jsonGz.close[i] - feather.close[i]) <= 1e-12 * feather.close[i], `row ${i} close agrees`);
    }
    const json = candles(await importDataFile({ path: sharedPath('data/freqtrade/testdata/UNITTEST_BTC-1m.json') }));
    assert.equal(json.length, 13681);
    assert.equal(json.time[0], Date.UTC(2017, 10, 4, 23, 2));
  });

  test('mark-price files become the -mark timeframe with zero volume', async () => {
    const mark = candles(await importDataFile({ path: sharedPath('data/freqtrade/testdata/futures/XRP_USDT_USDT-1h-mark.feather') }));
    assert.equal(mark.timeframe, '1h-mark');
    assert.equal(mark.length, 100);
    assert.ok(mark.volume.every((v) => v === 0), 'mark candles carry no volume');
    assert.equal(mark.open[0], 1.20932);
  });

  test('funding-rate files become funding series snapped onto the 8h grid', async () => {
    const path = sharedPath('data/freqtrade/testdata/futures/XRP_USDT_USDT-8h-funding_rate.feather');
    const data = await importDataFile({ path });
    assert.equal(data.kind, 'funding');
    if (data.kind !== 'funding') return;
    const raw = readGenericCsv('csv', readFileSync(sharedPath('data/freqtrade/csv_converted/futures/XRP_USDT_USDT-8h-funding_rate.csv'), 'utf8'));
    assert.equal(data.series.length, 91);
    assert.equal(raw.time[0] % 28_800_000, 17, 'raw settlement stamped 17 ms late');
    for (let i = 0; i < data.series.length; i++) {
      assert.equal(data.series.time[i] % 28_800_000, 0, `row ${i} on the 8h grid`);
      assert.ok(Math.abs(data.series.time[i] - raw.time[i]) < 1000, `row ${i} moved by milliseconds only`);
      assert.equal(data.series.rate[i], raw.open[i], 'rate is the open column');
    }
    const mark = candles(await importDataFile({ path: sharedPath('data/freqtrade/testdata/futures/XRP_USDT_USDT-8h-mark.feather') }));
    const markTimes = new Set(mark.time);
    assert.equal(Array.from(data.series.time).filter((t) => markTimes.has(t)).length, 91, 'every funding row joins a mark candle');
  });

  test('backtrader minute files combine the Date and Time columns', async () => {
    const series = candles(await importDataFile({ path: sharedPath('data/backtrader/datas/2006-min-005.txt'), symbol: 'X', timeframe: '5m' }));
    assert.equal(iso(series.time[1]), '2006-01-02T09:10:00.000Z');
  });

  test('TA-Lib\'s numbered bars get synthetic times one timeframe apart from the epoch', async () => {
    const series = candles(await importDataFile({ path: sharedPath('data/ta-lib/ta_regtest_daily_ref_252.csv'), symbol: 'TALIB', timeframe: '1d' }));
    assert.equal(series.length, 252);
    assert.equal(series.time[1] - series.time[0], 86_400_000);
    assert.equal(series.open[0], 92.5);
  });
});
