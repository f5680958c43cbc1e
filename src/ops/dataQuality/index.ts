//! Data quality: pure checks over candle and funding series (gaps, duplicates, disorder, OHLC
//! violations, NaN, staleness) and the clean-up (sort, de-duplicate, merge) that follows a report.
export { FindingCode, FindingSeverity, hasHardFinding, type DataFinding } from './dataFinding.ts';
export { checkCandles, type CandleCheckOptions } from './checkCandles.ts';
export { checkFunding, type FundingCheckOptions } from './checkFunding.ts';
export { formatDuration } from './checkTimeline.ts';
export { mergeCandleSeries, mergeFundingSeries, sortAndDedupeCandles, sortAndDedupeFunding } from './sortAndDedupe.ts';
