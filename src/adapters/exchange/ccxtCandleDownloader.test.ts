import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { downloadCandles, CandleDownloadError, type DownloadProgress } from './ccxtCandleDownloader.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { makeHourlyKlines, startFakeBinanceUsdm, type FakeBinanceUsdm } from '../../../test/fixtures/data/fakeBinanceUsdmServer.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const SERVED = 2_345;
const klines = makeHourlyKlines(START, SERVED);
// "Now" is half way through the last served bar: that bar has not closed and must be left out.
const NOW = START + (SERVED - 1) * HOUR + HOUR / 2;

describe('downloadCandles through ccxt binanceusdm against a local server', () => {
  let server: FakeBinanceUsdm;
  before(async () => {
    server = await startFakeBinanceUsdm(klines, NOW);
  });
  after(async () => {
    await server.close();
  });

  test('pages from since to now and returns exactly the closed bars served', async () => {
    const progress: DownloadProgress[] = [];
    const series = await downloadCandles({
      exchangeId: 'binanceusdm', symbol: 'BTC/USDT:USDT', timeframe: '1h', sinceMs: START, untilMs: NOW,
      baseUrl: server.baseUrl, onProgress: (p) => progress.push(p),
    });
    assert.equal(series.symbol, 'BTCUSDT');
    assert.equal(series.timeframe, '1h');
    assert.equal(series.length, SERVED - 1, 'all closed bars, without the one still open');
    for (let i = 0; i < series.length; i++) {
      const [time, open, high, low, close, volume] = klines[i];
      if (series.time[i] !== time || series.open[i] !== Number(open) || series.high[i] !== Number(high) || series.low[i] !== Number(low) || series.close[i] !== Number(close) || series.volume[i] !== Number(volume)) {
        assert.fail(`bar ${i} differs from the served kline ${JSON.stringify(klines[i])}`);
      }
    }
    const klineRequests = server.requests.filter((path) => path.startsWith('/fapi/v1/klines'));
    assert.ok(klineRequests.length >= 3, `several pages were requested, was ${klineRequests.length}`);
    assert.ok(progress.length >= 3, 'progress reported per page');
    assert.equal(progress.at(-1)!.barsFetched, SERVED - 1);
  });

  test('starts at since, not at the beginning of the served history', async () => {
    const series = await downloadCandles({
      exchangeId: 'binanceusdm', symbol: 'BTC/USDT:USDT', timeframe: '1h', sinceMs: START + 2000 * HOUR, untilMs: NOW, baseUrl: server.baseUrl,
    });
    assert.equal(series.time[0], START + 2000 * HOUR);
    assert.equal(series.length, SERVED - 1 - 2000);
  });

  test('refuses a symbol the exchange does not list as bad input', async () => {
    await assert.rejects(
      downloadCandles({ exchangeId: 'binanceusdm', symbol: 'DOGE/USDT:USDT', timeframe: '1h', sinceMs: START, untilMs: NOW, baseUrl: server.baseUrl }),
      (error: unknown) => error instanceof InputError && /no market "DOGE\/USDT:USDT"/.test(error.message),
    );
  });

  test('refuses an unknown exchange id as bad input', async () => {
    await assert.rejects(
      downloadCandles({ exchangeId: 'nosuchexchange', symbol: 'BTC/USDT:USDT', timeframe: '1h', sinceMs: START, untilMs: NOW }),
      /--exchange must be a ccxt exchange id/,
    );
  });

  test('translates an unreachable venue into a retryable download error naming it', async () => {
    const closed = await startFakeBinanceUsdm(klines, NOW);
    await closed.close();
    await assert.rejects(
      downloadCandles({ exchangeId: 'binanceusdm', symbol: 'BTC/USDT:USDT', timeframe: '1h', sinceMs: START, untilMs: NOW, baseUrl: closed.baseUrl }),
      (error: unknown) => error instanceof CandleDownloadError && error.retryable && error.message.includes(closed.baseUrl),
    );
  });
});
