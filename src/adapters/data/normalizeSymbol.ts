/**
 * The exchange-id form Rampart stores symbols in: upper case, no separators.
 * `BTC/USDT:USDT` (ccxt unified perpetual) -> `BTCUSDT`, `XRP_USDT_USDT` (freqtrade file name of the
 * same) -> `XRPUSDT`, `XRP/ETH` -> `XRPETH`, `BTCUSDT` stays. Throws RangeError on anything else.
 */
export function normalizeSymbol(symbol: string): string {
  const text = symbol.trim().toUpperCase();
  // ccxt unified: BASE/QUOTE or BASE/QUOTE:SETTLE (optionally -EXPIRY...); the settle currency is implied.
  const unified = /^([A-Z0-9]+)\/([A-Z0-9]+)(?::[A-Z0-9]+(?:-[A-Z0-9-]+)?)?$/.exec(text);
  if (unified) return unified[1] + unified[2];
  // freqtrade file names replace '/' and ':' with '_': BASE_QUOTE or BASE_QUOTE_SETTLE.
  const parts = text.split(/[_\-]/);
  if (parts.length >= 2 && parts.every((part) => /^[A-Z0-9]+$/.test(part))) {
    if (parts.length === 3 && parts[2] === parts[1]) return parts[0] + parts[1];
    return parts.join('');
  }
  if (/^[A-Z0-9]+$/.test(text)) return text;
  throw new RangeError(`symbol must look like BTC/USDT:USDT, BTC_USDT or BTCUSDT, was "${symbol}"`);
}
