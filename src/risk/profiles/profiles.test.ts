import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESET_PROFILES } from './presets.ts';
import { resolveProfile } from './resolveProfile.ts';
import { formatProfilesTable } from './formatProfilesTable.ts';
import { capitalProfileSchema } from './capitalProfile.ts';
import { InputError } from '../../domain/errors/inputError.ts';

describe('capital profiles', () => {
  test('ship the drawdown family with the figures of the issue', () => {
    const row = (name: string) => {
      const p = resolveProfile(name);
      return [p.dailyDrawdownPct, p.weeklyDrawdownPct, p.riskPerTradePct, p.maxPositions, p.maxLeverage];
    };
    assert.deepEqual(row('micro'), [0.5, 2, 0.2, 2, 1]);
    assert.deepEqual(row('low'), [1, 3.5, 0.5, 3, 2]);
    assert.deepEqual(row('normal'), [2, 7, 1, 5, 3]);
    assert.deepEqual(row('aggressive'), [3.5, 12, 2, 8, 5]);
  });

  test('ship the size-capped family', () => {
    const caps = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'].map((name) => [resolveProfile(name).maxPositionNotional, resolveProfile(name).maxLeverage]);
    assert.deepEqual(caps, [[100, 2], [500, 5], [2_000, 10], [10_000, 20]]);
  });

  test('an account without a profile gets the most cautious one', () => {
    const chosen = resolveProfile(undefined);
    const leastLeverage = Math.min(...PRESET_PROFILES.map((p) => p.maxLeverage));
    assert.equal(chosen.name, 'micro');
    assert.equal(chosen.maxLeverage, leastLeverage, 'micro has the lowest leverage of all presets');
  });

  test('resolves custom profiles by name before presets, and inline ones after validation', () => {
    const custom = capitalProfileSchema.parse({ name: 'micro', maxLeverage: 0.5 });
    assert.equal(resolveProfile('micro', { micro: custom }).maxLeverage, 0.5);
    assert.equal(resolveProfile({ name: 'tiny', maxLeverage: 1, allowedStrategies: ['trend'] }).allowedStrategies[0], 'trend');
  });

  test('refuses an unknown name or an invalid custom profile, naming the value', () => {
    assert.throws(() => resolveProfile('yolo'), (e: unknown) => e instanceof InputError && /was "yolo"/.test(e.message));
    assert.throws(() => resolveProfile({ name: 'bad', maxLeverage: -1 }), (e: unknown) => e instanceof InputError && /profile\.maxLeverage/.test(e.message));
  });

  test('the table lists every preset with its limits', () => {
    const lines = formatProfilesTable().trimEnd().split('\n');
    assert.equal(lines.length, PRESET_PROFILES.length + 2, 'header, rule, one row per profile');
    const micro = lines.find((line) => line.startsWith('micro '));
    assert.ok(micro !== undefined && /0\.5%\s+2\.0%\s+0\.2%\s+2\s+1x/.test(micro), `micro row: ${micro}`);
    const large = lines.find((line) => line.startsWith('LARGE'));
    assert.ok(large !== undefined && /20x\s+\$10,000/.test(large), `LARGE row: ${large}`);
  });
});
