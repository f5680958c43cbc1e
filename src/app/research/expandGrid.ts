import { createHash } from 'node:crypto';
import type { GridSpec } from './gridSpec.ts';

/** One run of a sweep: a value for each grid parameter, and the hash that names it. */
export interface SweepRun {
  /** Position in the full grid (mixed-radix over the parameters in file order). */
  readonly gridIndex: number;
  /** Grid key → value, in the grid file's order. */
  readonly params: Readonly<Record<string, unknown>>;
  /** First 16 hex of SHA-256 over the sorted key/value pairs: a run's identity across resumes and machines. */
  readonly paramsHash: string;
}

export function gridSize(spec: GridSpec): number {
  return spec.parameters.reduce((size, parameter) => size * parameter.values.length, 1);
}

/** The grid point at `gridIndex`: the last parameter varies fastest. */
export function runAt(spec: GridSpec, gridIndex: number): SweepRun {
  const params: Record<string, unknown> = {};
  let rest = gridIndex;
  const picks: number[] = [];
  for (let p = spec.parameters.length - 1; p >= 0; p--) {
    const count = spec.parameters[p].values.length;
    picks[p] = rest % count;
    rest = Math.floor(rest / count);
  }
  spec.parameters.forEach((parameter, p) => (params[parameter.name] = parameter.values[picks[p]]));
  return { gridIndex, params, paramsHash: paramsHash(params) };
}

export function paramsHash(params: Readonly<Record<string, unknown>>): string {
  const pairs = Object.keys(params)
    .sort()
    .map((key) => [key, params[key]]);
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
}

/**
 * Every grid point in grid order, or `sample.runs` distinct points drawn with a seeded generator
 * (mulberry32), in the order drawn: the same seed always gives the same runs.
 */
export function expandGrid(spec: GridSpec, sample: { runs: number; seed: number } | undefined = spec.sample): SweepRun[] {
  const size = gridSize(spec);
  if (!sample || sample.runs >= size) return Array.from({ length: size }, (_, index) => runAt(spec, index));
  const random = mulberry32(sample.seed);
  const chosen = new Set<number>();
  const runs: SweepRun[] = [];
  while (runs.length < sample.runs) {
    const index = Math.floor(random() * size);
    if (chosen.has(index)) continue;
    chosen.add(index);
    runs.push(runAt(spec, index));
  }
  return runs;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
