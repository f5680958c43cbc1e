import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKeyPath, setAtKeyPath } from './keyPath.ts';

const source = { file: 'grid.yaml', keyPath: 'parameters.x' };

test('parses dotted and indexed key paths and refuses malformed ones', () => {
  assert.deepEqual(parseKeyPath('sleeves[0].params.lookback'), ['sleeves', 0, 'params', 'lookback']);
  assert.equal(parseKeyPath('sleeves[a]'), undefined);
  assert.equal(parseKeyPath('.x'), undefined);
});

test('sets a value in a copy, creating mappings but never array elements', () => {
  const raw = { sleeves: [{ params: { lookback: 1 } }] };
  const set = setAtKeyPath(raw, ['sleeves', 0, 'params', 'lookback'], 24, source) as typeof raw;
  assert.equal(set.sleeves[0].params.lookback, 24);
  assert.equal(raw.sleeves[0].params.lookback, 1, 'the base is untouched');
  assert.deepEqual(setAtKeyPath({}, ['execution', 'feeBps'], 2, source), { execution: { feeBps: 2 } });
  assert.throws(() => setAtKeyPath(raw, ['sleeves', 1, 'weight'], 0.5, source), /grid\.yaml: parameters\.x: the config has no element \[1\]/);
});
