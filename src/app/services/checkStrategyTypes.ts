import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface TypeCheckOutcome {
  readonly ok: boolean;
  /** tsc's diagnostics, one per line (`file(line,col): error TSxxxx: …`); empty when ok. */
  readonly diagnostics: string;
}

/**
 * Type-checks a strategy file with the installed TypeScript compiler (strict), wherever the file lies:
 * `rampart/strategy` is mapped to this package's strategy API, so the file is checked against the same
 * types the engine runs it with. Nothing is emitted.
 */
export async function checkStrategyTypes(file: string): Promise<TypeCheckOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-strategy-check-'));
  try {
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: [],
        typeRoots: [join(packageRoot, 'node_modules', '@types')],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        allowJs: true,
        checkJs: true,
        paths: { 'rampart/strategy': [join(packageRoot, 'src', 'strategy', 'api.ts')], zod: [join(packageRoot, 'node_modules', 'zod')] },
      },
      files: [resolve(file)],
    };
    const configPath = join(dir, 'tsconfig.json');
    writeFileSync(configPath, JSON.stringify(tsconfig));
    // The package exports no bin path; its launcher sits beside package.json.
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    return await new Promise<TypeCheckOutcome>((done) => {
      execFile(process.execPath, [tsc, '-p', configPath, '--pretty', 'false'], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        const diagnostics = `${stdout}${stderr}`.trim();
        done({ ok: error === null, diagnostics });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
