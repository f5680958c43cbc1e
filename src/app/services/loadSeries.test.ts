import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadCandleSeriesFromFile } from './loadSeries.ts';
import { InputError } from '../../domain/errors/inputError.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/data/${name}`, import.meta.url));

test('loads a file whose rows are out of order as a sorted series', async () => {
  const series = await loadCandleSeriesFromFile(fixture('BTCUSDT-1m-klines-us.csv'), 'BTC/USDT:USDT', '1m');
  assert.equal(series.symbol, 'BTCUSDT');
  assert.deepEqual(Array.from(series.time), [Date.UTC(2025, 0, 1, 0, 0), Date.UTC(2025, 0, 1, 0, 1), Date.UTC(2025, 0, 1, 0, 2)]);
  assert.equal(series.open[0], 93548.8, 'rows moved together with their times');
});

test('refuses a file with an OHLC violation, naming the file, the row and the timestamp', async () => {
  await assert.rejects(loadCandleSeriesFromFile(fixture('dirty-1h.csv'), 'BTCUSDT', '1h'), (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.match(error.message, /dirty-1h\.csv: 1 corrupt row\(s\): OHLC_VIOLATION at 2024-01-01T02:00:00\.000Z \(row 4\)/);
    return true;
  });
});
