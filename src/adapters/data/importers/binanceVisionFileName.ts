import { basename } from 'node:path';
import type { FreqtradeFileName } from './freqtradeFileName.ts';

// data.binance.vision: `BTCUSDT-1h-2024-01.csv` (monthly), `BTCUSDT-1h-2024-01-15.csv` (daily), the
// same names with .zip; funding `BTCUSDT-fundingRate-2024-01.csv`; mark klines under `markPriceKlines/`.
const KLINES = /^([A-Z0-9]+)-(\d+[smhdwM])-\d{4}-\d{2}(?:-\d{2})?\.(?:csv|zip)$/;
const FUNDING = /^([A-Z0-9]+)-fundingRate-\d{4}-\d{2}(?:-\d{2})?\.(?:csv|zip)$/;

/** What a Binance Vision file name says, in the shape of a freqtrade name; undefined for other names. */
export function parseBinanceVisionFileName(path: string): FreqtradeFileName | undefined {
  const name = basename(path);
  const klines = KLINES.exec(name);
  if (klines) return { pair: klines[1], timeframe: klines[2], candleType: /(^|[\\/])markPriceKlines[\\/]/.test(path) ? 'mark' : 'futures' };
  const funding = FUNDING.exec(name);
  if (funding) return { pair: funding[1], timeframe: '8h', candleType: 'funding_rate' };
  return undefined;
}
