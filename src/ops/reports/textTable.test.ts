import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { textTable, visibleWidth } from './textTable.ts';

describe('textTable', () => {
  test('pads left-aligned and right-aligned columns to the widest cell', () => {
    const lines = textTable([{ header: 'Name' }, { header: 'Value', align: 'right' }], [['a', '1'], ['longer', '1,234']]);
    assert.deepEqual(lines, ['Name    Value', '------  -----', 'a           1', 'longer  1,234']);
  });

  test('ignores ANSI colour codes when measuring', () => {
    const red = '\u001b[31m-5.00%\u001b[0m';
    assert.equal(visibleWidth(red), 6);
    const lines = textTable([{ header: 'X' }, { header: 'Pct', align: 'right' }], [['a', red], ['b', '+12.00%']]);
    assert.equal(visibleWidth(lines[2]), visibleWidth(lines[3]), 'coloured and plain rows line up');
  });
});
