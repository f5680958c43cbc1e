import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeAtomically } from './writeAtomically.ts';

describe('writeAtomically', () => {
  it('replaces the file whole, creating its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-atomic-'));
    const path = join(dir, 'reports', 'r.html');
    writeAtomically(path, 'one');
    writeAtomically(path, 'two');
    assert.equal(readFileSync(path, 'utf8'), 'two');
    assert.deepEqual(readdirSync(join(dir, 'reports')), ['r.html']);
  });

  it('leaves no temporary file when the path names a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-atomic-'));
    mkdirSync(join(dir, 'r.html'));
    assert.throws(() => writeAtomically(join(dir, 'r.html'), 'text'), /EISDIR|EEXIST|ENOTEMPTY|EPERM/);
    assert.deepEqual(readdirSync(dir), ['r.html']);
  });
});
