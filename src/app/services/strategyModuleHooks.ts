// Module hooks (node:module register) for user strategy files, run in Node's loader thread (loaded there
// through tsx's hooks, registered before these).
import type { ResolveFnOutput, ResolveHook } from 'node:module';

// A strategy is imported with the URL marker `?rampart-strategy`; the marker follows the file's own imports.
// Within that graph: `rampart` and `rampart/...` resolve as if imported from inside this package (its
// package.json "exports", self-reference), and a .ts/.js file that lies in no ES-module package (a folder
// without package.json, such as /tmp) is still loaded as an ES module, so `export default` and type
// annotations work wherever the file sits.
const MARKER = 'rampart-strategy';
const packageJsonUrl = new URL('../../../package.json', import.meta.url).href;

function isMarked(url: string | undefined): boolean {
  return typeof url === 'string' && url.startsWith('file:') && new URL(url).searchParams.has(MARKER);
}

function isUserSource(url: string): boolean {
  return url.startsWith('file:') && !url.includes('/node_modules/') && /\.(ts|mts|js|mjs)$/.test(new URL(url).pathname);
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const fromStrategy = isMarked(context.parentURL) || (specifier.startsWith('file:') && isMarked(specifier));
  if (!fromStrategy) return nextResolve(specifier, context);
  if (specifier === 'rampart' || specifier.startsWith('rampart/')) {
    return nextResolve(specifier, { ...context, parentURL: packageJsonUrl });
  }
  const resolved = await nextResolve(specifier, context);
  if (!isUserSource(resolved.url) || resolved.url.startsWith(new URL('.', packageJsonUrl).href)) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set(MARKER, '');
  const given: string | null | undefined = resolved.format;
  const commonJsOrUnknown = given === 'commonjs' || given === 'commonjs-typescript' || given === null || given === undefined;
  const format = commonJsOrUnknown ? (/\.m?js$/.test(url.pathname) ? 'module' : 'module-typescript') : given;
  // 'module-typescript' is tsx's format name, which Node 20's types do not list: tsx's load hook compiles it as an ES module.
  return { ...resolved, url: url.href, format } as ResolveFnOutput;
};
