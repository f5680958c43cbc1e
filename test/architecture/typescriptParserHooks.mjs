// Module-resolution hook (runs on Node's loader thread): when dependency-cruiser imports `typescript`,
// hand it the TypeScript 5.9 nested in tools/typescript-parser instead of the project's TypeScript 7.
export async function resolve(specifier, context, nextResolve) {
  const fromCruiser = context.parentURL?.includes('/node_modules/dependency-cruiser/') ?? false;
  if (fromCruiser && (specifier === 'typescript' || specifier.startsWith('typescript/'))) {
    return nextResolve(specifier, { ...context, parentURL: globalThis.typescriptParserPackageUrl ?? context.parentURL });
  }
  return nextResolve(specifier, context);
}

export async function initialize(data) {
  globalThis.typescriptParserPackageUrl = data.parserPackageUrl;
}
