import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtInStrategies, getBuiltInStrategy } from './registry.ts';

describe('built-in strategy registry', () => {
  test('lists the four built-ins under the names configs use', () => {
    assert.deepEqual([...builtInStrategies.keys()].sort(), ['breakout_vol_atr', 'sma_cross', 'tsmom_ema', 'tsmom_multi_ema']);
    for (const [name, definition] of builtInStrategies) assert.equal(definition.name, name, `${name} is registered under its own name`);
  });

  test('creates each built-in from its defaults, with the strategy named like its definition', () => {
    for (const definition of builtInStrategies.values()) {
      const strategy = definition.create(definition.paramsSchema.parse({}));
      assert.equal(strategy.name, definition.name);
      assert.ok(strategy.warmupBars > 0, `${definition.name} declares its warm-up`);
    }
  });

  test('returns undefined for an unknown name', () => {
    assert.equal(getBuiltInStrategy('no_such_strategy'), undefined);
    assert.equal(getBuiltInStrategy('tsmom_ema')?.name, 'tsmom_ema');
  });
});
