import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStrategy, loadStrategyDefinition } from './loadStrategy.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { tsmomEma } from '../../strategy/builtin/tsmomEma.ts';
import { tsmomMultiEma } from '../../strategy/builtin/tsmomMultiEma.ts';
import { barsFromCloses, runStrategy } from '../../strategy/testing/runStrategy.ts';

const examplesDir = fileURLToPath(new URL('../../../examples', import.meta.url));
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-strategies-'));
  writeFileSync(
    join(dir, 'named.mjs'),
    `export const strategy = { name: 'echo', create: (params) => ({ name: 'echo', warmupBars: 0, params,
       onBar(bar, position, signal) { signal.target = params.target; } }) };`,
  );
  writeFileSync(join(dir, 'noExport.mjs'), 'export const somethingElse = 1;');
  writeFileSync(join(dir, 'noCreate.mjs'), "export default { name: 'broken' };");
  writeFileSync(join(dir, 'throws.mjs'), "throw new Error('boom at import');");
  // TypeScript in a folder no package.json claims (the temp dir): tsx alone would treat it as CommonJS.
  writeFileSync(
    join(dir, 'plain.ts'),
    `const definition = { name: 'always_long', create: () => ({ name: 'always_long', warmupBars: 0,
       onBar(_bar: unknown, _position: unknown, signal: { target: number }): void { signal.target = 1; } }) };
     export default definition;`,
  );
  writeFileSync(join(dir, 'helper.ts'), 'export const scale: number = 0.5;');
  writeFileSync(
    join(dir, 'packaged.ts'),
    `import { defineStrategy, Sma, z } from 'rampart/strategy';
     import { scale } from './helper.ts';
     export default defineStrategy({
       name: 'above_sma',
       description: 'long above its SMA',
       paramsSchema: z.object({ period: z.number().int().min(1).default(2).describe('SMA length in bars') }).strict(),
       create: (params) => {
         const sma = new Sma(params.period);
         return { name: 'above_sma', warmupBars: params.period, onBar(bar, _position, signal) { signal.target = bar.close > sma.update(bar.close) ? scale : 0; } };
       },
     });`,
  );
  writeFileSync(join(dir, 'badCreate.mjs'), "export default { name: 'bad', create: () => { throw new Error('no way'); } };");
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function inputErrorOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an InputError');
}

describe('loadStrategyDefinition', () => {
  test('returns a built-in by name', async () => {
    assert.equal(await loadStrategyDefinition('tsmom_ema', dir), tsmomEma);
  });

  test('rejects an unknown name, listing the built-ins', async () => {
    const error = await inputErrorOf(loadStrategyDefinition('tsmom_emma', dir));
    assert.match(error.message, /tsmom_emma/, 'names what was given');
    for (const name of ['tsmom_ema', 'tsmom_multi_ema', 'breakout_vol_atr', 'sma_cross']) {
      assert.ok(error.message.includes(name), `lists ${name}`);
    }
  });

  test('loads a named `strategy` export relative to the base folder and passes params through without a schema', async () => {
    const definition = await loadStrategyDefinition('./named.mjs', dir);
    const strategy = createStrategy(definition, { target: 0.25, anything: 'goes' }, 'sleeves[0].params');
    const run = runStrategy(strategy, barsFromCloses([1, 2]));
    assert.deepEqual(Array.from(run.target), [0.25, 0.25], 'params reach create() as given');
  });

  test('names the file when it is missing, has no valid export, or throws on import', async () => {
    const cases: [string, RegExp][] = [
      ['./missing.ts', /does not exist/],
      ['./noExport.mjs', /no default export/],
      ['./noCreate.mjs', /create must be a function/],
      ['./throws.mjs', /boom at import/],
    ];
    for (const [path, reason] of cases) {
      const error = await inputErrorOf(loadStrategyDefinition(path, dir));
      const file = join(dir, path.slice(2));
      assert.ok(error.message.includes(file), `${path}: message names ${file}: ${error.message}`);
      assert.match(error.message, reason, `${path}: says why`);
      assert.equal(error.details.file, file);
    }
  });

  test('loads a TypeScript strategy without imports from a folder outside the repository', async () => {
    const definition = await loadStrategyDefinition('plain.ts', dir);
    assert.equal(definition.name, 'always_long');
    const { target: targets } = runStrategy(createStrategy(definition, undefined, 'sleeves[0].params'), barsFromCloses([1, 2, 3]));
    assert.deepEqual([...targets], [1, 1, 1]);
  });

  test('loads a strategy outside the repository that imports rampart/strategy by package name and a helper beside it', async () => {
    const definition = await loadStrategyDefinition(join(dir, 'packaged.ts'), '/');
    assert.equal(definition.name, 'above_sma');
    const strategy = createStrategy(definition, { period: 2 }, 'sleeves[0].params');
    const { target: targets } = runStrategy(strategy, barsFromCloses([10, 10, 12, 11, 9]));
    assert.deepEqual([...targets].slice(2), [0.5, 0, 0], 'the SMA from rampart/strategy and the scale from the helper');
  });

  test('reports a create() that throws as an InputError naming the file', async () => {
    const definition = await loadStrategyDefinition('./badCreate.mjs', dir);
    assert.throws(() => createStrategy(definition, {}, 'sleeves[0].params'), (error: unknown) =>
      error instanceof InputError && error.message.includes('badCreate.mjs') && error.message.includes('no way'),
    );
  });

  test('loads and runs the example mean-reversion strategy: buys a drop, exits on reversion', async () => {
    const definition = await loadStrategyDefinition('strategies/meanReversion.ts', examplesDir);
    assert.equal(definition.name, 'mean_reversion');
    const strategy = createStrategy(definition, { lookback: 20 }, 'sleeves[0].params');
    const closes = [...Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 100 : 101)), 95, 100.5, 100.5];
    const run = runStrategy(strategy, barsFromCloses(closes));
    assert.ok(run.target.subarray(0, 30).every((target) => target === 0), 'no trade in a quiet range');
    assert.equal(run.target[30], 1, 'a close far below the mean buys');
    assert.equal(run.target[31], 0, 'the close back at the mean exits the long');
    assert.throws(() => createStrategy(definition, { entryZ: 1, exitZ: 2 }, 'sleeves[2].params'), /sleeves\[2\]\.params\.exitZ/);
  });
});

describe('createStrategy', () => {
  test('applies the schema defaults when params are absent', () => {
    assert.equal(createStrategy(tsmomEma, undefined, 'sleeves[0].params').warmupBars, 168);
  });

  test('names the key path and the value of each invalid param', () => {
    assert.throws(
      () => createStrategy(tsmomMultiEma, { lookbacks: [1, 20, 'x'] }, 'sleeves[1].params'),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /sleeves\[1\]\.params\.lookbacks\[0\]: .*was 1/, error.message);
        assert.match(error.message, /sleeves\[1\]\.params\.lookbacks\[2\]: .*was "x"/, error.message);
        assert.equal(error.details.keyPath, 'sleeves[1].params.lookbacks[0]');
        assert.equal(error.details.value, 1);
        return true;
      },
    );
  });

  test('names an unknown param with its value', () => {
    assert.throws(
      () => createStrategy(tsmomEma, { lookbak: 20 }, 'sleeves[0].params'),
      (error: unknown) => error instanceof InputError && /sleeves\[0\]\.params\.lookbak: unknown parameter .*was 20/.test(error.message),
    );
  });
});
