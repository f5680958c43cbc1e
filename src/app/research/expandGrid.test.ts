import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandGrid, gridSize } from './expandGrid.ts';
import type { GridSpec } from './gridSpec.ts';

const spec: GridSpec = {
  file: 'grid.yaml',
  parameters: [
    { name: 'a', path: ['a'], values: [1, 2, 3, 4, 5] },
    { name: 'b', path: ['b'], values: ['x', 'y', 'z', 'w'] },
  ],
};

test('the full grid is every combination once, the last parameter varying fastest, each with its own hash', () => {
  const runs = expandGrid(spec, undefined);
  assert.equal(runs.length, gridSize(spec));
  assert.deepEqual(runs.slice(0, 2).map((run) => run.params), [{ a: 1, b: 'x' }, { a: 1, b: 'y' }]);
  assert.equal(new Set(runs.map((run) => run.paramsHash)).size, 20);
});

test('a seeded sample draws distinct grid points, the same for the same seed and others for another seed', () => {
  const first = expandGrid(spec, { runs: 7, seed: 42 });
  assert.equal(first.length, 7);
  assert.equal(new Set(first.map((run) => run.gridIndex)).size, 7, 'no point twice');
  assert.deepEqual(expandGrid(spec, { runs: 7, seed: 42 }), first, 'same seed, same runs');
  assert.notDeepEqual(expandGrid(spec, { runs: 7, seed: 43 }).map((run) => run.gridIndex), first.map((run) => run.gridIndex));
  const full = new Map(expandGrid(spec, undefined).map((run) => [run.gridIndex, run.paramsHash]));
  for (const run of first) assert.equal(run.paramsHash, full.get(run.gridIndex), 'a sampled run has the hash of its grid point');
});
