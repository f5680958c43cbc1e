/**
 * Funding a position pays at one funding time: positive when the position pays.
 * Longs pay shorts when the rate is positive; shorts pay longs when it is negative.
 * `signedQuantity` is positive for a long, negative for a short; `markPrice` is the mark at that time.
 */
export function fundingPayment(signedQuantity: number, markPrice: number, rate: number): number {
  return signedQuantity * markPrice * rate;
}

const HOUR_MS = 3_600_000;
/** freqtrade counts a trade opened in the first 15 s of a full hour as open from that hour. */
const OPEN_GRACE_MS = 15_000;

/**
 * Funding paid over a holding span [openMs, closeMs] (both ends inclusive, freqtrade's convention):
 * Σ rate × mark × quantity over the funding times the span covers. Returns what the position pays
 * (negative when it receives). Marks are looked up by identical timestamp; a funding time without a
 * mark is an error, because guessing a price would corrupt the figure.
 */
export function fundingFeeOverSpan(
  rates: ReadonlyArray<readonly [timeMs: number, rate: number]>,
  markAt: (timeMs: number) => number | undefined,
  signedQuantity: number,
  openMs: number,
  closeMs: number,
): number {
  const sinceHour = openMs % HOUR_MS;
  const effectiveOpenMs = sinceHour < OPEN_GRACE_MS ? openMs - sinceHour : openMs;
  let paid = 0;
  for (const [timeMs, rate] of rates) {
    if (timeMs < effectiveOpenMs || timeMs > closeMs) continue;
    const mark = markAt(timeMs);
    if (mark === undefined || !Number.isFinite(mark)) {
      throw new RangeError(`no mark price at funding time ${new Date(timeMs).toISOString()}`);
    }
    paid += fundingPayment(signedQuantity, mark, rate);
  }
  return paid;
}
