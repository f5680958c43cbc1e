import { basename } from 'node:path';

/** What a freqtrade data file name says: `XRP_USDT_USDT-8h-funding_rate.feather`. */
export interface FreqtradeFileName {
  readonly pair: string;
  readonly timeframe: string;
  readonly candleType: 'spot' | 'futures' | 'mark' | 'index' | 'premiumIndex' | 'funding_rate';
}

const PATTERN = /^(.+?)-(\d+[smhdwM])(?:-(futures|mark|index|premiumIndex|funding_rate))?\.(?:feather|json|json\.gz|csv|parquet)$/;

/** Parses a freqtrade data file name, or undefined when the name does not follow that scheme. */
export function parseFreqtradeFileName(path: string): FreqtradeFileName | undefined {
  const match = PATTERN.exec(basename(path));
  if (!match) return undefined;
  return { pair: match[1], timeframe: match[2], candleType: (match[3] ?? 'spot') as FreqtradeFileName['candleType'] };
}
