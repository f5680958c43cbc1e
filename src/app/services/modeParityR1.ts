//! The R1 ensemble scenario of the cross-mode parity test: the shipped config (three sleeves, three
//! built-in strategies, one account) with shorter lookbacks, on its synthetic candles re-timed to
//! one-minute bars of yesterday, each bar opening at the previous close, prices on each symbol's tick grid.
import type { VenueSimSymbol } from '../../adapters/exchange/venueSim/venueSimTypes.ts';
import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { r1Candles, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';

/**
 * One-minute bars: the whole script lies in one UTC day. The kernel stamps a bar's closing equity with
 * the bar's open time, the live runner with its close, so at a day boundary the two take their day's
 * starting equity one bar apart (a finding of this test, left as is): inside one day they agree.
 */
export const R1_BAR_MS = 60_000;
export const R1_SPREAD_BPS = 40;
export const R1_ACCOUNT = 'default';

/** The R1 symbols at the local venue, with the config's lot and tick steps and minimum notional. */
export const R1_SYMBOLS: VenueSimSymbol[] = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', price: 40_000, lotStep: 0.001, tickSize: 0.1, minQty: 0.001, minNotional: 5, maxLeverage: 20 },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', price: 2_300, lotStep: 0.001, tickSize: 0.01, minQty: 0.001, minNotional: 5, maxLeverage: 20 },
  { symbol: 'SOLUSDT', base: 'SOL', quote: 'USDT', price: 100, lotStep: 0.01, tickSize: 0.001, minQty: 0.01, minNotional: 5, maxLeverage: 20 },
];

export interface R1Scenario {
  readonly loaded: LoadedConfig;
  readonly dir: string;
  readonly candles: Map<string, CandleSeries>;
}

/**
 * `bars` hourly bars opening at `startMs`; at bar `crashBar` every symbol moves `crashPct` against
 * the position `sideAt(symbol)` gives (+1 long, −1 short, 0 flat: no move), inside the bar.
 */
export function r1Scenario(startMs: number, bars: number, crash?: { readonly bar: number; readonly pct: number; readonly sideOf: (symbol: string) => number }): R1Scenario {
  const { loaded, dir } = r1Config((raw) => {
    // Fills at the modelled price: the venue's taker fee, no slippage, no funding (the venue charges none).
    raw.execution = { tradeOn: 'next_open', feeBps: 4, slippageBps: 0, spreadBps: R1_SPREAD_BPS };
    raw.funding = { enabled: false };
    raw.data = { ...(raw.data as Record<string, unknown>), timeframe: '1m' };
    raw.risk = { accounts: { [R1_ACCOUNT]: 'normal' }, emergency: { dailyDrawdown: { drawdownPct: 1.5 } } };
    const sleeves = raw.sleeves as Array<{ params: Record<string, unknown> }>;
    sleeves[0].params = { channel: 24, atrPeriod: 14, atrStop: 2, timeStopBars: 12, riskMultiplier: 0.7 };
    sleeves[1].params = { lookbacks: [6, 12, 24, 48] };
    sleeves[2].params = { lookback: 24 };
  });
  const candles = new Map<string, CandleSeries>();
  for (const source of r1Candles(bars).values()) {
    const tick = R1_SYMBOLS.find((symbol) => symbol.symbol === source.symbol)?.tickSize ?? 0.1;
    const onTick = (price: number): number => Number((Math.round(price / tick) * tick).toFixed(8));
    const series = allocateCandleSeries(source.symbol, '1m', source.length);
    for (let i = 0; i < source.length; i++) {
      series.time[i] = startMs + i * R1_BAR_MS;
      // Each bar opens at the previous close: the venue's price when the runner acts on a close is
      // then both the close the backtest marks equity at and the open it fills at.
      const open = onTick(i === 0 ? source.open[0] : series.close[i - 1]);
      let close = onTick(source.close[i]);
      if (crash !== undefined && i === crash.bar) close = onTick(open * (1 - (crash.pct / 100) * crash.sideOf(source.symbol)));
      series.open[i] = open;
      series.close[i] = close;
      series.high[i] = onTick(Math.max(open, close, source.high[i]));
      series.low[i] = onTick(Math.min(open, close, source.low[i]));
      series.volume[i] = source.volume[i];
    }
    candles.set(ReplayMarketFeed.key(source.symbol, '1m'), series);
  }
  return { loaded, dir, candles };
}
