import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The arrows of ../shared/ARCHITECTURE.md: what each top-level folder of src/ may import.
const ALLOWED: Record<string, readonly string[]> = {
  domain: ['domain'],
  strategy: ['strategy', 'domain'],
  risk: ['risk', 'domain'],
  ports: ['ports', 'domain'],
  engine: ['engine', 'strategy', 'risk', 'ports', 'domain'],
  ops: ['ops', 'engine', 'strategy', 'risk', 'ports', 'domain'],
  adapters: ['adapters', 'ports', 'domain'],
  app: ['app', 'ops', 'engine', 'strategy', 'risk', 'ports', 'domain', 'adapters'],
  interfaces: ['interfaces', 'app', 'ops', 'strategy', 'risk', 'ports', 'domain'],
};

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      // Test helpers may reach anywhere; they never ship in a code path.
      if (name !== 'testing') sourceFiles(path, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.contract.ts')) out.push(path);
  }
  return out;
}

test('every source file imports only the folders the architecture allows', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(src)) {
    const layer = relative(src, file).split('/')[0];
    const allowed = ALLOWED[layer];
    assert.ok(allowed, `src/${layer} is a known layer`);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(src, resolve(dirname(file), match[1])).split('/')[0];
      if (!allowed.includes(target)) violations.push(`${relative(src, file)} imports ${match[1]} (${layer} → ${target})`);
    }
  }
  assert.deepEqual(violations, [], 'imports against the dependency direction');
});

test('domain, strategy, risk and engine read no clock, environment or file system', () => {
  const offenders = ['domain', 'strategy', 'risk', 'engine']
    .flatMap((layer) => sourceFiles(join(src, layer)))
    .filter((file) => /Date\.now\(|process\.env|from 'node:fs/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(src, file));
  assert.deepEqual(offenders, [], 'pure core files touching the clock, env or disk');
});
