import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeJsonAtomically } from './writeJsonAtomically.ts';

describe('writeJsonAtomically', () => {
  it('writes the same document JSON.stringify describes, over many chunks, one item per line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-json-'));
    const path = join(dir, 'nested', 'report.json');
    const head = { name: 'sweep "one"', skipped: undefined, parameters: ['a', 'b'], best: [{ curve: [[1, 2.5]] }], nothing: null };
    // About 3 MB of items: several chunks.
    const items = Array.from({ length: 30_000 }, (_, index) => ({ index, label: `run-${index}`, value: index / 7, missing: undefined, nan: Number.NaN }));
    writeJsonAtomically(path, head, 'runs', [...items, undefined]);
    const text = readFileSync(path, 'utf8');
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify({ ...head, runs: [...items, undefined] })));
    assert.equal(text.split('\n').filter((line) => line.includes('"label"')).length, 30_000, 'one line per item');
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['report.json'], 'no temporary file left');
  });

  it('writes an empty list as valid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-json-'));
    const path = join(dir, 'empty.json');
    writeJsonAtomically(path, {}, 'runs', []);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { runs: [] });
  });

  it('leaves the old file and no temporary file when an item cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-json-'));
    const path = join(dir, 'report.json');
    writeFileSync(path, '{"old": true}\n');
    assert.throws(() => writeJsonAtomically(path, { name: 'x' }, 'runs', [{ ok: 1 }, { bad: 1n }]), TypeError);
    assert.equal(readFileSync(path, 'utf8'), '{"old": true}\n');
    assert.deepEqual(readdirSync(dir), ['report.json']);
    assert.ok(existsSync(path));
  });

  it('leaves no temporary file when the path names a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-json-'));
    mkdirSync(join(dir, 'report.json'));
    assert.throws(() => writeJsonAtomically(join(dir, 'report.json'), {}, 'runs', [1]), /EISDIR|EEXIST|ENOTEMPTY|EPERM/);
    assert.deepEqual(readdirSync(dir), ['report.json']);
  });
});
