import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArrowCandleStore } from './arrowCandleStore.ts';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { InputError } from '../../domain/errors/inputError.ts';

async function withStore(run: (store: ArrowCandleStore, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-store-'));
  try {
    await run(new ArrowCandleStore(join(dir, 'nested', 'store')), join(dir, 'nested', 'store'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function awkwardSeries(symbol: string, timeframe: string, length: number) {
  const series = allocateCandleSeries(symbol, timeframe, length);
  for (let i = 0; i < length; i++) {
    series.time[i] = 1_700_000_000_000 + i * 3_600_000;
    // Values that do not survive a text or float32 round trip.
    series.open[i] = 0.1 + i * 1e-9;
    series.high[i] = Math.PI * (i + 1);
    series.low[i] = Number.MIN_VALUE * (i + 1);
    series.close[i] = 1 / 3 + i;
    series.volume[i] = i === 1 ? Number.NaN : 2 ** 53 - i;
  }
  return series;
}

describe('ArrowCandleStore', () => {
  test('round-trips candles exactly, bit for bit, into a directory it creates', async () => {
    await withStore(async (store) => {
      const series = awkwardSeries('BTC/USDT:USDT', '1h', 5);
      await store.saveCandles(series);
      const loaded = await store.loadCandles('BTCUSDT', '1h');
      assert.ok(loaded, 'the saved series loads');
      assert.equal(loaded.symbol, 'BTCUSDT', 'symbols are stored in exchange-id form');
      assert.equal(loaded.length, 5);
      for (const column of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
        assert.deepEqual(new Uint8Array(loaded[column].buffer, loaded[column].byteOffset, 40), new Uint8Array(series[column].buffer, 0, 40), `${column} identical bits`);
      }
    });
  });

  test('names files by symbol and timeframe, with mark and funding files beside them', async () => {
    await withStore(async (store, dir) => {
      await store.saveCandles(awkwardSeries('BTC/USDT:USDT', '1h', 2));
      await store.saveCandles(awkwardSeries('BTC/USDT:USDT', '1h-mark', 2));
      await store.saveFunding({ symbol: 'ETH/USDT:USDT', length: 2, time: new Float64Array([0, 28_800_000]), rate: new Float64Array([1e-4, -2e-5]) });
      assert.deepEqual((await readdir(dir)).sort(), ['BTCUSDT-1h-mark.arrow', 'BTCUSDT-1h.arrow', 'ETHUSDT-funding.arrow']);
      assert.deepEqual(await store.list(), [{ symbol: 'BTCUSDT', timeframe: '1h-mark' }, { symbol: 'BTCUSDT', timeframe: '1h' }]);
      assert.deepEqual(await store.listFunding(), ['ETHUSDT']);
      const funding = await store.loadFunding('ETHUSDT');
      assert.deepEqual(Array.from(funding!.rate), [1e-4, -2e-5]);
    });
  });

  test('returns undefined for a series that was never stored, even when the directory is absent', async () => {
    await withStore(async (store) => {
      assert.equal(await store.loadCandles('BTCUSDT', '1h'), undefined);
      assert.deepEqual(await store.list(), []);
    });
  });

  test('replaces a stored series whole and leaves no temp file behind', async () => {
    await withStore(async (store, dir) => {
      await store.saveCandles(awkwardSeries('BTCUSDT', '5m', 10));
      await store.saveCandles(awkwardSeries('BTCUSDT', '5m', 3));
      assert.equal((await store.loadCandles('BTCUSDT', '5m'))!.length, 3, 'shorter series replaced the longer one');
      assert.deepEqual(await readdir(dir), ['BTCUSDT-5m.arrow']);
    });
  });

  test('reports a corrupt store file as bad input naming the file', async () => {
    await withStore(async (store, dir) => {
      await store.saveCandles(awkwardSeries('BTCUSDT', '1h', 1));
      await writeFile(join(dir, 'BTCUSDT-1h.arrow'), 'not arrow');
      await assert.rejects(store.loadCandles('BTCUSDT', '1h'), (error: unknown) => error instanceof InputError && error.message.includes('BTCUSDT-1h.arrow'));
    });
  });

  test('refuses a timeframe that would escape the file naming scheme', async () => {
    await withStore(async (store) => {
      await assert.rejects(store.saveCandles(awkwardSeries('BTCUSDT', '../1h', 1)), RangeError);
    });
  });
});
