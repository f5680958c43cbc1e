import assert from 'node:assert/strict';

/** Asserts two series agree element by element (NaN where the other is NaN) within `tolerance`. */
export function assertSeriesClose(actual: Float64Array, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${what}: bar ${i} should not be stable yet, was ${a}`);
    } else {
      assert.ok(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `${what}: bar ${i} is ${a}, expected ${e}`);
    }
  }
}

/** A seeded pseudo-random walk (mulberry32), so property-style tests are reproducible. */
export function randomWalk(length: number, seed: number, start = 100): Float64Array {
  let state = seed >>> 0;
  const out = new Float64Array(length);
  let price = start;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const uniform = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    price *= 1 + (uniform - 0.5) * 0.04;
    out[i] = price;
  }
  return out;
}
