/**
 * Funding rates of a perpetual future: `rate[i]` is the fraction paid at `time[i]` (epoch ms UTC) by
 * longs to shorts when positive. Times are snapped onto the venue's funding grid by the importer.
 */
export interface FundingSeries {
  readonly symbol: string;
  readonly length: number;
  readonly time: Float64Array;
  readonly rate: Float64Array;
}
