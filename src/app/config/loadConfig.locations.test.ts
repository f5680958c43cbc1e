import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './loadConfig.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-config-lines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('config errors carry the YAML line and column', () => {
  test('a wrong value and an unknown key name the file, the key path, the line and the column', () => {
    const path = write('values.yaml', 'name: x\ncapital: {initial: lots}\nsleeves:\n  - name: A\n    symbol: BTCUSDT\n    weight: 2\n    strategy: sma_cross\n    colour: red\n');
    assert.throws(
      () => loadConfig(path),
      (error: Error) => {
        assert.match(error.message, /values\.yaml: invalid config \(3 problems\)/);
        assert.match(error.message, /capital\.initial: .*was "lots" \(line 2, column 20\)/);
        assert.match(error.message, /sleeves\[0\]\.weight: .*was 2 \(line 6, column 13\)/);
        assert.match(error.message, /sleeves\[0\]\.colour: unknown key \(line 8, column 13\)/);
        return true;
      },
    );
  });

  test('a YAML syntax error names the file, the line and the column', () => {
    const path = write('syntax.yaml', 'name: x\nsleeves:\n  - {name: A, symbol: BTCUSDT\n');
    assert.throws(() => loadConfig(path), /syntax\.yaml:\d+:\d+: not valid YAML/);
  });
});
