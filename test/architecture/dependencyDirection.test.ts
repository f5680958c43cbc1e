import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectureRules, INTERFACES_CALL_APP, NO_CYCLES } from './architectureRules.ts';
import { cruiseViolations, sourceFileCount, violationReport, type CruiseFindings } from './cruiseViolations.ts';
import { parseDependencyTable } from './dependencyTable.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');
// The rules come from the table in the doc, not from a copy here: the doc is what people read and edit.
const table = parseDependencyTable(readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8'));
const rules = architectureRules(table);
let findings: CruiseFindings;

before(async () => {
  findings = await cruiseViolations(root, rules);
});

/** Fails with one violation per line (an array diff would print them as escaped strings). */
function assertNone(violations: readonly string[], what: string): void {
  if (violations.length > 0) assert.fail(`${what}: ${violations.length}\n${violations.join('\n')}`);
}

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

test('dependency-cruiser parses every source file of src/', () => {
  // Without a TypeScript parser it finds no .ts file, and every fence below would hold over nothing.
  assert.equal(findings.modulesCruised, sourceFileCount(src), 'modules cruised vs .ts files under src/ (tests aside)');
});

test('every top-level folder of src/ has a row in the dependency table', () => {
  const folders = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory());
  assert.deepEqual(folders.filter((folder) => !table.has(folder)), [], 'folders docs/ARCHITECTURE.md does not place');
});

test('every source file imports only the folders the dependency table allows, type-only imports included', () => {
  const layerRules = rules.filter((rule) => rule.name.startsWith('layer-'));
  assertNone(violationReport(findings, layerRules), 'imports against the dependency direction');
});

test('src/ has no import cycle, type-only imports included', () => {
  assertNone(violationReport(findings, [NO_CYCLES]), 'import cycles');
});

test('src/interfaces imports nothing from src/ but src/app, type-only imports aside', () => {
  assertNone(violationReport(findings, [INTERFACES_CALL_APP]), 'interfaces reaching past app');
});

test('domain, strategy, risk and engine read no clock, environment or file system', () => {
  const offenders = ['domain', 'strategy', 'risk', 'engine']
    .flatMap((layer) => sourceFiles(join(src, layer)))
    .filter((file) => /Date\.now\(|process\.env|from 'node:fs/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(src, file));
  assert.deepEqual(offenders, [], 'pure core files touching the clock, env or disk');
});
