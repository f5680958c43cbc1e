import type { VenueSimSymbol } from './venueSimTypes.ts';

export const API_KEY = 'sim-api-key';
export const API_SECRET = 'sim-api-secret';
export const BTC = 'BTC/USDT:USDT';

export const SIM_SYMBOLS: VenueSimSymbol[] = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', price: 60000, lotStep: 0.001, tickSize: 0.1, minQty: 0.001, minNotional: 100, maxLeverage: 50 },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', price: 3000, lotStep: 0.01, tickSize: 0.01, minQty: 0.01, minNotional: 20 },
];
