/** Throws a RangeError unless `period` is an integer ≥ `minimum` (params are validated before this). */
export function checkPeriod(indicator: string, period: number, minimum = 1): void {
  if (!Number.isInteger(period) || period < minimum) {
    throw new RangeError(`${indicator} period must be an integer ≥ ${minimum}, was ${period}`);
  }
}
