import type { VenueSimSymbol } from './venueSimTypes.ts';

/** Filters close to Binance USDT-M's own, so a rehearsal trips the same minimums as the live venue. */
export const DEFAULT_VENUE_SYMBOLS: Readonly<Record<string, VenueSimSymbol>> = {
  BTCUSDT: { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', price: 60000, lotStep: 0.001, tickSize: 0.1, minQty: 0.001, minNotional: 100, maxLeverage: 125 },
  ETHUSDT: { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', price: 3000, lotStep: 0.001, tickSize: 0.01, minQty: 0.001, minNotional: 20, maxLeverage: 100 },
  SOLUSDT: { symbol: 'SOLUSDT', base: 'SOL', quote: 'USDT', price: 150, lotStep: 0.01, tickSize: 0.01, minQty: 0.01, minNotional: 5, maxLeverage: 75 },
  BNBUSDT: { symbol: 'BNBUSDT', base: 'BNB', quote: 'USDT', price: 600, lotStep: 0.01, tickSize: 0.01, minQty: 0.01, minNotional: 5, maxLeverage: 75 },
  XRPUSDT: { symbol: 'XRPUSDT', base: 'XRP', quote: 'USDT', price: 0.6, lotStep: 0.1, tickSize: 0.0001, minQty: 0.1, minNotional: 5, maxLeverage: 75 },
};
