export interface NiceTicks {
  /** Lower end of the axis: a multiple of `stepSize` at or below the data minimum. */
  domainMin: number;
  /** Upper end of the axis: a multiple of `stepSize` at or above the data maximum. */
  domainMax: number;
  stepSize: number;
  ticks: number[];
}

/** 1, 2 or 5 times a power of ten: the steps a reader can add up at a glance. */
export function niceStep(roughStep: number): number {
  if (!Number.isFinite(roughStep) || roughStep <= 0) return 1;
  const exponent = Math.floor(Math.log10(roughStep));
  const magnitude = 10 ** exponent;
  const fraction = roughStep / magnitude;
  const niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return niceFraction * magnitude;
}

/**
 * Axis ticks at nice values covering [min, max] with about `targetCount` ticks. A flat range
 * (one bar, a constant series) is widened so the axis still has a visible span.
 */
export function niceTicks(min: number, max: number, targetCount = 5): NiceTicks {
  let low = Number.isFinite(min) ? min : Number.isFinite(max) ? max : 0;
  let high = Number.isFinite(max) ? max : low;
  if (low > high) [low, high] = [high, low];
  if (high - low === 0) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.01;
    low -= pad;
    high += pad;
  }
  const intervals = Math.max(1, Math.round(targetCount) - 1);
  const stepSize = niceStep((high - low) / intervals);
  const firstIndex = Math.floor(low / stepSize + 1e-9);
  const lastIndex = Math.ceil(high / stepSize - 1e-9);
  // Multiplying an integer index by the step (rather than adding steps) keeps 0.1 + 0.2 drift out of labels.
  const decimals = Math.max(0, -Math.floor(Math.log10(stepSize)));
  const ticks: number[] = [];
  for (let index = firstIndex; index <= lastIndex; index++) {
    ticks.push(Number((index * stepSize).toFixed(Math.min(20, decimals))));
  }
  return { domainMin: ticks[0], domainMax: ticks[ticks.length - 1], stepSize, ticks };
}
