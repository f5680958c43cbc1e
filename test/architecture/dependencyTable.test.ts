import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDependencyTable } from './dependencyTable.ts';

const doc = (rows: string, header = '| folder | may import | may also import types from |') =>
  `# Title\n\n## Dependency table\n\nSome words.\n\n${header}\n|---|---|---|\n${rows}\n\n## Next\n`;

describe('parseDependencyTable', () => {
  it('reads the table of docs/ARCHITECTURE.md: domain imports nothing, interfaces app plus types of the layers below it', () => {
    const table = parseDependencyTable(readFileSync(new URL('../../docs/ARCHITECTURE.md', import.meta.url), 'utf8'));
    assert.deepEqual(table.get('domain'), { mayImport: [], typesFrom: [] }, 'domain row');
    assert.deepEqual(table.get('interfaces'), { mayImport: ['app'], typesFrom: ['ops', 'strategy', 'risk', 'ports', 'domain'] }, 'interfaces row');
    assert.deepEqual([...table.keys()].sort(), ['adapters', 'app', 'domain', 'engine', 'interfaces', 'ops', 'ports', 'risk', 'strategy'], 'one row per layer');
  });

  it('reads backticks, src/ prefixes, trailing slashes and a dash for nothing', () => {
    const table = parseDependencyTable(doc('| `src/core/` | — | — |\n| edge | `core`, src/core/ | - |'));
    assert.deepEqual(table.get('edge'), { mayImport: ['core', 'core'], typesFrom: [] }, 'edge row');
  });

  it('refuses a row that names a folder with no row of its own', () => {
    assert.throws(() => parseDependencyTable(doc('| core | — | — |\n| edge | cor | — |')), /edge may import "cor", which has no row/);
  });

  it('refuses a table with other columns, a doc without the heading, and a cell that is no folder name', () => {
    assert.throws(() => parseDependencyTable(doc('| core | — |', '| folder | may import | x |')), /columns must be/);
    assert.throws(() => parseDependencyTable('# Title\n\n| folder | may import | may also import types from |\n'), /no "## Dependency table" heading/);
    assert.throws(() => parseDependencyTable(doc('| core | .* | — |')), /cannot read the dependency table row/);
  });

  it('refuses a folder with two rows', () => {
    assert.throws(() => parseDependencyTable(doc('| core | — | — |\n| core | — | — |')), /two rows/);
  });
});
