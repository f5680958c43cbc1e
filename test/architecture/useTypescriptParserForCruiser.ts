import Module, { createRequire, register } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

// dependency-cruiser parses TypeScript with the `typescript` package's compiler API (createSourceFile), and
// accepts only TypeScript < 7. The project type-checks with TypeScript 7, whose package has no such API, so
// without this dependency-cruiser finds no parser for .ts and cruises nothing at all. TypeScript 5.9 sits
// nested in tools/typescript-parser (a nested copy, so its `tsc` never shadows the project's); this points
// dependency-cruiser's two look-ups of `typescript` at it: a CommonJS require of the version, then an import.
const requireFromRoot = createRequire(new URL('../../package.json', import.meta.url));
const parserPackageJson = requireFromRoot.resolve('rampart-typescript-parser/package.json');
const typescriptPackageJson = createRequire(parserPackageJson).resolve('typescript/package.json');

let installed = false;

function isCruiserModule(filename: string | undefined): boolean {
  return filename?.includes('/node_modules/dependency-cruiser/') ?? false;
}

type ResolveFilename = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;

export function useTypescriptParserForCruiser(): void {
  if (installed) return;
  installed = true;
  const cjs = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolveFilename = cjs._resolveFilename;
  cjs._resolveFilename = function (request, parent, ...rest) {
    if (isCruiserModule(parent?.filename) && (request === 'typescript' || request.startsWith('typescript/'))) {
      request = dirname(typescriptPackageJson) + request.slice('typescript'.length);
    }
    return resolveFilename.call(this, request, parent, ...rest);
  };
  register(new URL('./typescriptParserHooks.mjs', import.meta.url), {
    data: { parserPackageUrl: pathToFileURL(parserPackageJson).href },
  });
}
