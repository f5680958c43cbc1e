import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ICruiseResult, IViolation } from 'dependency-cruiser';
import type { ArchitectureRule } from './architectureRules.ts';
import { useTypescriptParserForCruiser } from './useTypescriptParserForCruiser.ts';

/** What one cruise found, violations printed one per line. */
export interface CruiseFindings {
  /** Source files dependency-cruiser parsed (the caller checks it against the files on disk). */
  readonly modulesCruised: number;
  /** Violation lines per rule name, e.g. `src/a.ts → src/b.ts`, or a cycle `src/a.ts → src/b.ts → src/a.ts`. */
  readonly byRule: ReadonlyMap<string, readonly string[]>;
}

// Tests are left out of the cruise: nothing in production may import one, and parsing them would double
// the time the fences take. So are plain .js files: under src/ they are browser scripts served as they are
// (the dashboard page), never modules of the Node program.
const EXCLUDED = '\\.test\\.ts$|\\.js$';

function describe(violation: IViolation): string {
  if (violation.cycle !== undefined && violation.cycle.length > 0) {
    return [violation.from, ...violation.cycle.map((step) => step.name)].join(' → ');
  }
  const typeOnly = violation.dependencyTypes?.includes('type-only') ? ' (type-only)' : '';
  return `${violation.from} → ${violation.to}${typeOnly}`;
}

/** Source files under `dir` that the cruise should parse (everything but tests). */
export function sourceFileCount(dir: string): number {
  let count = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) count += sourceFileCount(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) count++;
  }
  return count;
}

/**
 * Runs dependency-cruiser over `<baseDir>/src` with `rules` (type-only imports included) and groups the
 * violations by rule. Module paths are relative to baseDir, so the rules' `^src/…` patterns read the
 * same for the project and a fixture tree.
 */
export async function cruiseViolations(baseDir: string, rules: readonly ArchitectureRule[]): Promise<CruiseFindings> {
  useTypescriptParserForCruiser();
  const { cruise } = await import('dependency-cruiser');
  const reported = await cruise(['src'], {
    baseDir,
    parser: 'tsc',
    tsPreCompilationDeps: true,
    includeOnly: '^src/',
    exclude: { path: EXCLUDED },
    validate: true,
    ruleSet: { forbidden: [...rules] },
  });
  const result = reported.output as ICruiseResult;
  const byRule = new Map<string, string[]>(rules.map((rule) => [rule.name, []]));
  for (const violation of result.summary.violations) {
    const lines = byRule.get(violation.rule.name) ?? [];
    lines.push(describe(violation));
    byRule.set(violation.rule.name, lines);
  }
  return { modulesCruised: result.modules.length, byRule };
}

/** The violations of the rules named, each line followed by the rule's sentence, for an assertion message. */
export function violationReport(findings: CruiseFindings, rules: readonly ArchitectureRule[]): string[] {
  return rules.flatMap((rule) => (findings.byRule.get(rule.name) ?? []).map((line) => `${line}\n    ${rule.name}: ${rule.comment}`));
}
