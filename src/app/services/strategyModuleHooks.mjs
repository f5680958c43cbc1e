// Module hooks (node:module register) for user strategy files, run in Node's loader thread, so plain JS.
// A strategy is imported with the URL marker `?rampart-strategy`; the marker follows the file's own imports.
// Within that graph: `rampart` and `rampart/...` resolve as if imported from inside this package (its
// package.json "exports", self-reference), and a .ts/.js file that lies in no ES-module package (a folder
// without package.json, such as /tmp) is still loaded as an ES module, so `export default` and type
// annotations work wherever the file sits.
const MARKER = 'rampart-strategy';
const packageJsonUrl = new URL('../../../package.json', import.meta.url).href;

function isMarked(url) {
  return typeof url === 'string' && url.startsWith('file:') && new URL(url).searchParams.has(MARKER);
}

function isUserSource(url) {
  return url.startsWith('file:') && !url.includes('/node_modules/') && /\.(ts|mts|js|mjs)$/.test(new URL(url).pathname);
}

export async function resolve(specifier, context, nextResolve) {
  const fromStrategy = isMarked(context.parentURL) || (specifier.startsWith('file:') && isMarked(specifier));
  if (!fromStrategy) return nextResolve(specifier, context);
  if (specifier === 'rampart' || specifier.startsWith('rampart/')) {
    return nextResolve(specifier, { ...context, parentURL: packageJsonUrl });
  }
  const resolved = await nextResolve(specifier, context);
  if (!isUserSource(resolved.url) || resolved.url.startsWith(new URL('.', packageJsonUrl).href)) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set(MARKER, '');
  const format = resolved.format === 'commonjs' || resolved.format === 'commonjs-typescript' || resolved.format == null ? (url.pathname.endsWith('.js') || url.pathname.endsWith('.mjs') ? 'module' : 'module-typescript') : resolved.format;
  return { ...resolved, url: url.href, format };
}
