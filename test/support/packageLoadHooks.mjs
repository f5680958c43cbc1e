// Module hooks for a test: every package a process loads through the ESM loader is named on stderr
// (its entry file; a CommonJS package's own requires are not seen, its entry is).
export async function load(url, context, next) {
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (match) process.stderr.write(`package-load ${match[1]}\n`);
  return next(url, context);
}
