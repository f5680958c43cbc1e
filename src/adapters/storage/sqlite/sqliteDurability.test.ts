import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { SqliteTradeStore } from './sqliteTradeStore.ts';

const projectRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const writerScript = fileURLToPath(new URL('./sqliteFillWriter.ts', import.meta.url));

/** Runs the writer until it has committed at least one fill, SIGKILLs it after a random delay, returns the ids it reported. */
function runWriterAndKill(path: string, prefix: string, killDelayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path, prefix], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      timer ??= setTimeout(() => child.kill('SIGKILL'), killDelayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      if (signal !== 'SIGKILL' || timer === undefined) {
        reject(new Error(`writer ended with code ${code} signal ${signal} before committing a fill: ${stderr}`));
        return;
      }
      // A partial last line was being written at the kill: only whole lines are reports.
      resolve(stdout.split('\n').slice(0, -1));
    });
  });
}

test('a writer SIGKILLed at a random moment loses no committed fill and leaves a sound database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-durability-'));
  const path = join(dir, 'rampart.sqlite');
  try {
    const reported: string[] = [];
    for (const run of [0, 1, 2]) {
      const killDelayMs = Math.floor(Math.random() * 250);
      const ids = await runWriterAndKill(path, `run${run}`, killDelayMs);
      assert.ok(ids.length > 0, `run ${run} reported at least one commit before being killed`);
      reported.push(...ids);

      const store = await SqliteTradeStore.open({ path });
      try {
        assert.equal(store.integrityCheck(), 'ok', `the database is not corrupt after kill ${run} (at ${killDelayMs} ms)`);
        const fills = await store.listFills({ account: 'main' });
        const stored = new Set(fills.map((f) => f.tradeId));
        const missing = reported.filter((id) => !stored.has(id));
        assert.deepEqual(missing, [], 'every fill the writer reported as committed is present');
        for (const id of reported.slice(-3)) {
          assert.ok(await store.getIntent(id), `the intent of reported fill ${id} is present`);
        }
        const sum = fills.reduce((total, f) => total.plus(f.quantity), new Decimal(0));
        const position = await store.getPosition('main', 'BTCUSDT');
        assert.equal(
          position?.quantity,
          sum.toFixed(),
          'the position equals the sum of stored fills: no fill without its position change, none counted twice',
        );
        const storedThisRun = fills.filter((f) => f.tradeId.startsWith(`run${run}-`)).length;
        assert.ok(
          storedThisRun <= ids.length + 1,
          `at most the one fill in flight at the kill is stored unreported (stored ${storedThisRun}, reported ${ids.length})`,
        );
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
