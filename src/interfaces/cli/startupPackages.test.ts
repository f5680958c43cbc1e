import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The vendor packages a command loads only when it uses them (each costs start-up time on every
 * command: BullMQ ~170 ms, apache-arrow ~125, grammy ~100, fastify and its plugins ~150). A static
 * import of one of them anywhere under the CLI's commands would bring it back into every start.
 */
const LOADED_WHEN_USED = ['pg', 'bullmq', 'ioredis', 'fastify', '@fastify/static', '@fastify/rate-limit', 'prom-client', 'grammy', 'nodemailer', 'piscina', 'apache-arrow', 'ccxt'];

function packagesLoadedBy(args: readonly string[]): Set<string> {
  const result = spawnSync(process.execPath, ['--import', './test/support/registerPackageLoadHooks.mjs', 'bin/rampart.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  const loaded = new Set<string>();
  for (const line of result.stderr.split('\n')) {
    const match = /^package-load (\S+)$/.exec(line);
    if (match) loaded.add(match[1]);
  }
  return loaded;
}

test('rampart --help loads none of the packages a command loads when it uses them', () => {
  const loaded = packagesLoadedBy(['--help']);
  // The hooks see packages at all: commander parses every command line.
  assert.ok(loaded.has('commander'), `the load hooks saw no package: ${[...loaded].join(', ')}`);
  assert.deepEqual(LOADED_WHEN_USED.filter((name) => loaded.has(name)), []);
});
