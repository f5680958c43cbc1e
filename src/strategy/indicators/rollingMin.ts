import { RollingExtreme, rollingExtremeSeries } from './rollingExtreme.ts';

/** Lowest of the last `period` values (current included); NaN until `period` values. */
export class RollingMin extends RollingExtreme {
  constructor(period: number) {
    super('RollingMin', period, -1);
  }
}

/** Rolling minimum of a whole series through the streaming class (NaN where not yet stable). */
export function rollingMinSeries(values: Float64Array, period: number): Float64Array {
  return rollingExtremeSeries(new RollingMin(period), values);
}
