/** Initial margin of an isolated-margin position: |quantity| × entry price / leverage. */
export function isolatedMargin(quantity: number, entryPrice: number, leverage: number): number {
  return (Math.abs(quantity) * entryPrice) / leverage;
}
