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

const CRUISER_MODULE = /[\\/]node_modules[\\/]dependency-cruiser[\\/]/;

type ResolveFilename = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;

export function useTypescriptParserForCruiser(): void {
  if (installed) return;
  installed = true;
  // Node 20 has no hook for require() (module.registerHooks came in 22.15): its resolver is patched, for
  // requests from dependency-cruiser's own files only.
  const cjs = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolveFilename = cjs._resolveFilename;
  cjs._resolveFilename = function (request, parent, ...rest) {
    if (CRUISER_MODULE.test(parent?.filename ?? '') && (request === 'typescript' || request.startsWith('typescript/'))) {
      request = dirname(typescriptPackageJson) + request.slice('typescript'.length);
    }
    return resolveFilename.call(this, request, parent, ...rest);
  };
  // import() goes through the loader hooks, which run on their own thread: they get the path as data.
  register(new URL('./typescriptParserHooks.mjs', import.meta.url), {
    data: { parserPackageUrl: pathToFileURL(parserPackageJson).href },
  });
}
