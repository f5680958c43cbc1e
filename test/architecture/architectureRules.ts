import type { IForbiddenRuleType } from 'dependency-cruiser';
import type { DependencyTable } from './dependencyTable.ts';

/**
 * Test code reaches across layers on purpose (a CLI test starts the local venue, a report fixture builds an
 * engine report): `*.test.ts`, `*.contract.ts` and `testing/` folders are held to no layer. They still
 * count for cycles.
 */
export const TEST_CODE = '(\\.test\\.ts$|\\.contract\\.ts$|/testing/)';

/** A forbidden rule with the sentence a violation of it prints. */
export type ArchitectureRule = IForbiddenRuleType & { readonly name: string; readonly comment: string };

function list(folders: readonly string[]): string {
  return folders.length === 0 ? 'nothing else' : folders.join(', ');
}

/**
 * Each folder of the table imports its own folder, the folders it may import, and types from the
 * folders it may import types from; anything else under src/ is forbidden. Type-only imports count:
 * a type from the wrong layer ties the code to it as much as a value does.
 */
function layerRules(table: DependencyTable): ArchitectureRule[] {
  const rules: ArchitectureRule[] = [];
  for (const [folder, { mayImport, typesFrom }] of table) {
    const from = { path: `^src/${folder}/`, pathNot: TEST_CODE };
    const said = `src/${folder} may import ${list(mayImport)}${typesFrom.length > 0 ? `, and types from ${list(typesFrom)}` : ''} (docs/ARCHITECTURE.md, dependency table)`;
    rules.push({
      name: `layer-${folder}`,
      comment: said,
      severity: 'error',
      from,
      to: { path: '^src/', pathNot: `^src/(${[folder, ...mayImport, ...typesFrom].join('|')})/` },
    });
    const typesOnly = typesFrom.filter((target) => !mayImport.includes(target));
    if (typesOnly.length > 0) {
      rules.push({
        name: `layer-${folder}-types-only`,
        comment: said,
        severity: 'error',
        from,
        to: { path: `^src/(${typesOnly.join('|')})/`, dependencyTypesNot: ['type-only'] },
      });
    }
  }
  return rules;
}

/**
 * Type-only imports count for cycles too. They vanish at run time, but a type cycle still means neither
 * file can be read, tested or moved without the other: both cycles issue 13 names (ledger ↔ sleeveBook
 * ↔ eventLog, the CLI commands ↔ registerCommands) ran through `import type`, and each took one small
 * file of shared types to break.
 */
export const NO_CYCLES: ArchitectureRule = {
  name: 'no-circular',
  comment: 'no import cycles, type-only imports included (test/architecture/architectureRules.ts says why)',
  severity: 'error',
  from: {},
  to: { circular: true },
};

/** Issue 13: an interface is a thin layer over app's use cases; it may name other layers' types, nothing more. */
export const INTERFACES_CALL_APP: ArchitectureRule = {
  name: 'interfaces-only-app',
  comment: 'src/interfaces imports nothing from src/ but src/app (type-only imports aside)',
  severity: 'error',
  from: { path: '^src/interfaces/', pathNot: TEST_CODE },
  to: { path: '^src/', pathNot: '^src/(app|interfaces)/', dependencyTypesNot: ['type-only'] },
};

/** The fences: the dependency table's layers, no cycles, interfaces through app. */
export function architectureRules(table: DependencyTable): ArchitectureRule[] {
  return [...layerRules(table), NO_CYCLES, INTERFACES_CALL_APP];
}
