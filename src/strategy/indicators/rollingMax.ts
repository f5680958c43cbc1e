import { RollingExtreme, rollingExtremeSeries } from './rollingExtreme.ts';

/** Highest of the last `period` values (current included); NaN until `period` values. */
export class RollingMax extends RollingExtreme {
  constructor(period: number) {
    super('RollingMax', period, 1);
  }
}

/** Rolling maximum of a whole series through the streaming class (NaN where not yet stable). */
export function rollingMaxSeries(values: Float64Array, period: number): Float64Array {
  return rollingExtremeSeries(new RollingMax(period), values);
}
