/**
 * Streaming indicators for the bar loop: each is a class whose `update(...)` changes it in place on
 * Float64Array state (no allocation per bar) and returns the current value, NaN until `isStable`,
 * plus a whole-series function over Float64Array that runs the same class (used by tests and
 * research). Conventions follow TA-Lib and backtrader (SMA-seeded EMA, Wilder ATR and RSI).
 */
export { Sma, smaSeries } from './sma.ts';
export { Ema, emaSeries } from './ema.ts';
export { Atr, atrSeries } from './atr.ts';
export { Rsi, rsiSeries } from './rsi.ts';
export { StdDev, stdDevSeries } from './stdDev.ts';
export { RollingMax, rollingMaxSeries } from './rollingMax.ts';
export { RollingMin, rollingMinSeries } from './rollingMin.ts';
export { DonchianChannel } from './donchianChannel.ts';
