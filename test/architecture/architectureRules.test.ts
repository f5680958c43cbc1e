import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectureRules } from './architectureRules.ts';
import { cruiseViolations, sourceFileCount, type CruiseFindings } from './cruiseViolations.ts';
import { parseDependencyTable } from './dependencyTable.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = join(root, 'test/fixtures/architecture');
const table = parseDependencyTable(readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8'));
const rules = architectureRules(table);

describe('the architecture rules made from docs/ARCHITECTURE.md, over the fixture tree test/fixtures/architecture', () => {
  let findings: CruiseFindings;
  before(async () => {
    findings = await cruiseViolations(fixture, rules);
  });

  const reported = (rule: string) => findings.byRule.get(rule) ?? [];

  it('cruises every fixture file', () => {
    assert.equal(findings.modulesCruised, sourceFileCount(join(fixture, 'src')), 'fixture modules cruised');
  });

  it('reports domain importing engine, and not a testing/ helper doing the same', () => {
    assert.deepEqual(reported('layer-domain'), ['src/domain/leak.ts → src/engine/kernel.ts'], 'the one domain leak');
  });

  it('reports a cycle whose one edge is a type-only import', () => {
    assert.deepEqual(reported('no-circular'), ['src/engine/book.ts → src/engine/ledger.ts → src/engine/book.ts'], 'book ↔ ledger');
  });

  it('reports interfaces importing a value from domain, and not the type it imports from the same file', () => {
    assert.deepEqual(reported('interfaces-only-app'), ['src/interfaces/cli.ts → src/domain/price.ts'], 'the value import only');
    assert.deepEqual(reported('layer-interfaces-types-only'), ['src/interfaces/cli.ts → src/domain/price.ts'], 'the table allows domain types only');
  });

  it('reports a type-only import the table does not allow (interfaces naming an engine type)', () => {
    assert.deepEqual(reported('layer-interfaces'), ['src/interfaces/engineTypes.ts → src/engine/ledger.ts (type-only)'], 'engine types are off limits');
  });

  it('reports nothing for the allowed imports (app → engine, engine → domain, interfaces → app)', () => {
    const rest = [...findings.byRule].filter(([rule]) => !['layer-domain', 'no-circular', 'interfaces-only-app', 'layer-interfaces-types-only', 'layer-interfaces'].includes(rule));
    assert.deepEqual(rest.filter(([, lines]) => lines.length > 0), [], 'violations of other rules');
  });
});

describe('architectureRules', () => {
  const folders = [...table.keys()];

  it("forbids each folder exactly the folders its table row leaves out", () => {
    for (const [folder, row] of table) {
      const layer = rules.find((rule) => rule.name === `layer-${folder}`);
      assert.ok(layer !== undefined && 'to' in layer && typeof layer.to.pathNot === 'string', `a layer rule for ${folder}`);
      const allowed = new RegExp(layer.to.pathNot);
      const forbidden = folders.filter((target) => !allowed.test(`src/${target}/file.ts`));
      const expected = folders.filter((target) => target !== folder && !row.mayImport.includes(target) && !row.typesFrom.includes(target));
      assert.deepEqual(forbidden, expected, `folders forbidden to src/${folder}`);
    }
  });

  it('holds test code to no layer but still to the cycle rule', () => {
    const layerFroms = rules.filter((rule) => rule.name.startsWith('layer-')).map((rule) => ('from' in rule ? rule.from.pathNot : undefined));
    assert.ok(layerFroms.every((pathNot) => typeof pathNot === 'string' && new RegExp(pathNot).test('src/engine/portfolio/ledger.test.ts')), 'layer rules skip *.test.ts');
    assert.ok(layerFroms.every((pathNot) => typeof pathNot === 'string' && new RegExp(pathNot).test('src/ops/reports/testing/sampleReport.ts')), 'layer rules skip testing/');
    const cycles = rules.find((rule) => rule.name === 'no-circular');
    assert.deepEqual(cycles && 'from' in cycles ? cycles.from : undefined, {}, 'the cycle rule starts from every module');
  });
});
